"""Who sees which users, organisations and memberships."""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role
from accounts.scope import Scope


def user_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(membership__organisation__tenant_id=scope.tenant_id)
    if scope.organisation_id is not None:
        return Q(membership__organisation_id=scope.organisation_id)
    return Q(pk=scope.user_id)


def organisation_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(tenant_id=scope.tenant_id)
    return Q(pk=scope.organisation_id)


def membership_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(organisation__tenant_id=scope.tenant_id)
    return Q(user_id=scope.user_id)


RULES = {
    "accounts.User": user_scope,
    "accounts.Organisation": organisation_scope,
    "accounts.Membership": membership_scope,
}
