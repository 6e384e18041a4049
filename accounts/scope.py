"""What a signed-in user is, in one small value: tenant, role and the organisation behind it.

Computed from the user's membership and kept twice: on the user object for the rest of the request, and in Django's
cache (Redis in production) for ``SCOPE_CACHE_SECONDS`` so that a request costs no scope query at all — the lookup
joins six tables and was a fifth of a list request's time at national scale (bench/README.md). The cached value is
keyed by a version that every save or delete of a row the scope is made from (membership, organisation, tenant,
member unit, certification body, expert, enterprise) bumps at once and again after its transaction commits, so a
changed membership shows on the next request; ``is_active`` and ``is_superuser`` are read from the user row of the
request itself, so deactivating a user takes effect at once whatever is cached.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction


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
SCOPE_CACHE_SECONDS = 300
_VERSION_KEY = "scope:version"


def scope_of(user) -> Scope | None:
    """The user's scope, or None for anonymous, inactive or membership-less users (who see nothing)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if hasattr(user, _CACHE_ATTR):
        return getattr(user, _CACHE_ATTR)
    if user.is_superuser:
        scope: Scope | None = _compute(user)
    else:
        # One round trip: the version and this user's entry, which records the version it was computed at.
        key = f"scope:{connection.settings_dict['NAME']}:{user.pk}"
        found = cache.get_many([_VERSION_KEY, key])
        version = found.get(_VERSION_KEY)
        if version is None:
            version = time.time_ns()
            if not cache.add(_VERSION_KEY, version, timeout=None):
                version = cache.get(_VERSION_KEY, version)
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            scope = entry[1]
        else:
            scope = _compute(user)
            cache.set(key, (version, scope), timeout=SCOPE_CACHE_SECONDS)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def scopes_changed() -> None:
    """A row a scope is made from changed: every cached scope is stale. Called at once and again on commit (a request
    between the two, reading the old row, must not leave its old scope cached under the new version)."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:  # not set yet, or evicted: a new value unlike any version an entry still records
        cache.set(_VERSION_KEY, time.time_ns(), timeout=None)


def connect_invalidation() -> None:
    """Bump the version on every save or delete of a row a scope is made from (called by AccountsConfig.ready)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for label in (
        "accounts.Membership",
        "accounts.Organisation",
        "campaign.Tenant",
        "campaign.MemberUnit",
        "assistance.CertificationBody",
        "assistance.Expert",
        "enterprises.Enterprise",
    ):
        model = apps.get_model(label)
        post_save.connect(_on_write, sender=model, dispatch_uid=f"scope-save-{label}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"scope-delete-{label}")


def _on_write(sender, **kwargs) -> None:
    scopes_changed()


def _compute(user) -> Scope | None:
    from accounts.models import Membership, Role

    if user.is_superuser:
        # Platform operators run the deployment; they belong to no tenant and see every tenant.
        return Scope(user_id=user.pk, role=None, tenant_id=None, organisation_id=None, is_operator=True)
    membership = (
        Membership.objects.select_related(
            "organisation",
            "organisation__member_unit",
            "organisation__certification_body",
            "organisation__enterprise",
        )
        .filter(user=user, organisation__tenant__is_active=True)
        .first()
    )
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
