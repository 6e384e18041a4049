"""Reads of notifications and 催办, all through ``visible_to``."""

from __future__ import annotations

from django.db.models import QuerySet

from notifications.models import Notification, NotificationSettings, Urge

HOME_ROWS = 5


def notification_list(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first (never anyone else's, the regulator's staff included)."""
    rows = Notification.objects.visible_to(user).select_related("actor")
    return rows.filter(read_at=None) if unread_only else rows


def unread_count(*, user) -> int:
    """How many of the user's notifications are unread (the badge in the navigation bar). One query."""
    return Notification.objects.visible_to(user).filter(read_at=None).count()


def notification_settings_of(*, user) -> NotificationSettings | None:
    """The user's own e-mail choice, or None while they have never changed it (e-mail is on). Nobody reaches another
    user's row: the scope is the user's own."""
    return NotificationSettings.objects.visible_to(user).first()


def urge_list(*, user) -> QuerySet[Urge]:
    """催办 the user may read: all its tenant's for the regulator, those sent to it for a member unit or a body."""
    return Urge.objects.visible_to(user).select_related("campaign", "member_unit", "body", "sent_by")


def urges_for_home(*, user, limit: int = HOME_ROWS) -> list[Urge]:
    """The latest 催办 received, for a member unit's or a body's home page."""
    return list(urge_list(user=user)[:limit])
