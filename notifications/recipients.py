"""Who receives a notification: the active users holding a role in an organisation (DESIGN.md §4).

Each function returns a queryset of users, so a caller can hand it to ``notify`` without a query per user. They are
for services that have already decided a notification is due; they read no request's scope.
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Role, User


def _members(role: str, **organisation) -> QuerySet[User]:
    lookups = {f"membership__organisation__{name}": value for name, value in organisation.items()}
    return User.objects.filter(is_active=True, membership__role=role, **lookups).order_by("username")


def member_unit_users(member_unit) -> QuerySet[User]:
    """The staff of a member unit (a district or a city bureau)."""
    return _members(Role.MEMBER_UNIT, member_unit=member_unit)


def body_managers(body) -> QuerySet[User]:
    """A certification body's managers (its experts are told through their own assignments)."""
    return _members(Role.CB_MANAGER, certification_body=body)


def regulator_users(tenant) -> QuerySet[User]:
    """The regulator's staff of a tenant."""
    return _members(Role.REGULATOR, tenant=tenant)


def enterprise_users(enterprise) -> QuerySet[User]:
    """An enterprise's own contacts."""
    return _members(Role.ENTERPRISE, enterprise=enterprise)
