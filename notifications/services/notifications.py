"""Writes of notifications: create them once per recipient and key, e-mail them once, mark them read, mute e-mail."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.models import Notification, NotificationKind, NotificationSettings
from notifications.reminders import due_reminders
from portal.services import model_update

log = logging.getLogger(__name__)

EMAIL_BATCH = 200  # e-mails sent per claim, so one slow mail server never holds thousands of rows


def notify(
    *,
    recipients: Iterable[User] | Iterable[int],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    key: str = "",
    campaign=None,
    actor=None,
    email: bool = True,
) -> int:
    """Put a notification on each recipient's list and, after commit, e-mail those who have not muted e-mail.

    ``recipients``: users or user pks (inactive users and users without a membership are skipped; a user is counted
    once). ``key`` names the thing and date (``"submission-returned:12:3"``); a recipient who already has a
    notification with this key gets nothing new, so calling twice — or from two workers at once — notifies once. An
    empty key means "this event only" (a unique key is made). ``kind`` is a ``NotificationKind`` value (ValueError
    otherwise). Returns how many notifications were created.
    """
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    key = key or f"{kind}:{uuid.uuid4().hex}"
    ids = {getattr(user, "pk", user) for user in recipients}
    if not ids:
        return 0
    people = (
        User.objects.filter(pk__in=ids, is_active=True, membership__isnull=False)
        .values_list("pk", "membership__organisation__tenant_id", "notification_settings__mute_email")
        .order_by("pk")
    )
    already = set(Notification.objects.filter(recipient_id__in=ids, key=key).values_list("recipient_id", flat=True))
    rows = [
        Notification(
            tenant_id=tenant_id,
            recipient_id=pk,
            campaign=campaign,
            kind=kind,
            title=title[:200],
            body=body,
            url=url[:300],
            key=key[:200],
            actor=actor,
            email_wanted=email and not muted,
        )
        for pk, tenant_id, muted in people
        if pk not in already
    ]
    if not rows:
        return 0
    # ignore_conflicts: a second worker that inserted the same (recipient, key) between the read above and here wins,
    # and this one adds nothing for that recipient.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if any(row.email_wanted for row in rows):
        transaction.on_commit(notification_emails_send)
    return len(rows)


def notification_emails_send(*, limit: int = EMAIL_BATCH) -> int:
    """E-mail the notifications that want e-mail and have not been e-mailed, oldest first; returns how many were sent.

    Each row is claimed by a conditional update (``emailed_at`` from NULL to now) before its e-mail is sent, so two
    runs never send the same one; a row whose e-mail fails is released (``emailed_at`` back to NULL) for the next run
    (the periodic task). Recipients without an e-mail address are marked and skipped."""
    now = timezone.now()
    queue = list(
        Notification.objects.filter(email_wanted=True, emailed_at=None)
        .select_related("recipient")
        .order_by("created_at", "pk")[:limit]
    )
    sent = 0
    for notification in queue:
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at=None).update(emailed_at=now)
        if not claimed:
            continue
        address = notification.recipient.email
        if not address:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("[Improvement action] %(title)s") % {"title": notification.title}
        text = notification.body
        if notification.url:
            text = f"{text}\n\n{settings.PORTAL_URL.rstrip('/')}{notification.url}"
        try:
            get_connection().send_messages([EmailMessage(subject=subject, body=text, to=[address])])
        except OSError:
            log.exception("notification %s: e-mail failed, released for the next run", notification.pk)
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            continue
        sent += 1
    return sent


def notification_read(*, user, notification: Notification) -> Notification:
    """Mark one of the user's own notifications read (idempotent). The caller got it through ``visible_to``."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, recipient=user, read_at=None).update(
            read_at=notification.read_at
        )
    return notification


def notifications_read_all(*, user) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.visible_to(user).filter(read_at=None).update(read_at=timezone.now())


def notification_settings_update(*, user, mute_email: bool, expected_version: int | None) -> NotificationSettings:
    """A user mutes or unmutes e-mail for their own notifications (the in-portal list cannot be muted). ValidationError
    with code "stale" when the settings changed since ``expected_version`` was read."""
    with transaction.atomic():
        own, _created = NotificationSettings.objects.get_or_create(user=user)
        if own.mute_email == mute_email:
            return own
        own = model_update(own, data={"mute_email": mute_email}, expected_version=expected_version, acting_user=user)
        if mute_email:
            # What is still waiting to be e-mailed is not sent once the user has said no.
            Notification.objects.filter(recipient=user, email_wanted=True, emailed_at=None).update(email_wanted=False)
        return own


def reminders_send(*, today: date | None = None) -> int:
    """The daily run (Celery beat): every app's reminder rules for ``today`` (``notifications.reminders``), each
    handed to ``notify``; returns how many notifications were created. Safe to run twice: keys make each once."""
    today = today or timezone.localdate()
    created = 0
    for reminder in due_reminders(today):
        with transaction.atomic():
            created += notify(
                recipients=reminder.recipients,
                kind=reminder.kind,
                title=reminder.title,
                body=reminder.body,
                url=reminder.url,
                key=reminder.key,
                campaign=reminder.campaign,
                email=reminder.email,
            )
    return created
