"""What a signed-in user is, in one small value: tenant, role and the organisation behind it.

Computed once per request (cached on the user object) from the user's membership; every ``visible_to`` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    user_id: int
    role: str | None
    tenant_id: int | None
    organisation_id: int | None
    member_unit_id: int | None = None
    member_unit_is_district: bool = False
    member_unit_remit: str = ""
    certification_body_id: int | None = None
    expert_id: int | None = None
    enterprise_id: int | None = None
    is_operator: bool = False


_CACHE_ATTR = "_portal_scope"


def scope_of(user) -> Scope | None:
    """The user's scope, or None for anonymous, inactive or membership-less users (who see nothing)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if hasattr(user, _CACHE_ATTR):
        return getattr(user, _CACHE_ATTR)
    scope = _compute(user)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def _compute(user) -> Scope | None:
    from accounts.models import Membership, Role

    if user.is_superuser:
        # Platform operators run the deployment; they belong to no tenant and see every tenant.
        return Scope(user_id=user.pk, role=None, tenant_id=None, organisation_id=None, is_operator=True)
    found = (
        Membership.objects.select_related(
            "organisation",
            "organisation__member_unit",
            "organisation__certification_body",
            "organisation__enterprise",
        )
        .filter(user=user, organisation__tenant__is_active=True)
        # One membership per user (a one-to-one), so no ORDER BY: with one, PostgreSQL walked the memberships in id
        # order filtering on the user instead of using the user's unique index.
        .order_by()[:1]
    )
    membership = next(iter(found), None)
    if membership is None:
        return None
    organisation = membership.organisation
    fields = {
        "user_id": user.pk,
        "role": membership.role,
        "tenant_id": organisation.tenant_id,
        "organisation_id": organisation.pk,
    }
    role = membership.role
    if role == Role.MEMBER_UNIT:
        unit = getattr(organisation, "member_unit", None)
        if unit is None:
            return None
        fields.update(member_unit_id=unit.pk, member_unit_is_district=unit.is_district, member_unit_remit=unit.remit)
    elif role in (Role.CB_MANAGER, Role.EXPERT):
        body = getattr(organisation, "certification_body", None)
        if body is None:
            return None
        fields["certification_body_id"] = body.pk
        if role == Role.EXPERT:
            expert = getattr(user, "expert_profile", None)
            if expert is None or expert.body_id != body.pk:
                return None
            fields["expert_id"] = expert.pk
    elif role == Role.ENTERPRISE:
        enterprise = getattr(organisation, "enterprise", None)
        if enterprise is None:
            return None
        fields["enterprise_id"] = enterprise.pk
    return Scope(**fields)
