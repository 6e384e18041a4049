"""Who sees notifications, e-mail settings and 催办 (DESIGN.md §4)."""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role
from accounts.scope import Scope


def notification_scope(scope: Scope) -> Q | None:
    """A notification and a user's settings are their own only; nobody else reads them, the regulator included."""
    if scope.tenant_id is None:
        return None
    return Q(recipient_id=scope.user_id, tenant_id=scope.tenant_id)


def notification_settings_scope(scope: Scope) -> Q | None:
    return Q(user_id=scope.user_id)


def urge_scope(scope: Scope) -> Q | None:
    """催办: the regulator sees all it sent in its tenant; a member unit and a body's manager those sent to them."""
    if scope.role == Role.REGULATOR:
        return Q(tenant_id=scope.tenant_id)
    if scope.role == Role.MEMBER_UNIT:
        return Q(member_unit_id=scope.member_unit_id)
    if scope.role == Role.CB_MANAGER:
        return Q(body_id=scope.certification_body_id)
    return None


RULES = {
    "notifications.Notification": notification_scope,
    "notifications.NotificationSettings": notification_settings_scope,
    "notifications.Urge": urge_scope,
}
