"""Writes for a certification body's working groups (附件一, R6): setting one up, changing it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from assistance.models import CertificationBody, WorkingGroup, WorkingGroupMember
from assistance.policy import working_group_errors
from assistance.selectors.bodies import own_body
from campaign.models import Campaign, MemberUnit
from portal.scoping import ensure_still_visible
from portal.services import lock_current, require_perm, save_with_history


@dataclass(frozen=True)
class MemberSpec:
    """One member of a working group as a form or request names it."""

    user: User
    role: str  # a GroupRole value
    is_leader: bool = False


def _check_members(body: CertificationBody, members: list[MemberSpec]) -> None:
    errors = working_group_errors(body, members)  # R6
    if errors:
        raise ValidationError({"members": errors})


def _check_group_fields(body: CertificationBody, campaign: Campaign, name: str, districts) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the working group a name.")})
    if campaign.tenant_id != body.tenant_id:
        raise PermissionDenied
    if any(d.tenant_id != body.tenant_id or not d.is_district for d in districts):
        raise ValidationError({"districts": _("Choose districts of the city only.")})
    if not districts:
        # 附件一: 根据提升活动的范围和地区组建工作组 — the districts decide which enrolments the group may take.
        raise ValidationError({"districts": _("Choose at least one district the group covers.")})
    return name


def _write_members(group: WorkingGroup, members: list[MemberSpec], acting_user) -> None:
    # The leader constraint is unique per group: clear the old rows before writing the new ones.
    for old in group.members.all():
        old._history_user = acting_user  # type: ignore[attr-defined]  # simple-history reads it on delete
        old.delete()
    for spec in members:
        save_with_history(
            WorkingGroupMember(group=group, user=spec.user, role=spec.role, is_leader=spec.is_leader),
            acting_user=acting_user,
        )


def _duplicate_name(name: str) -> ValidationError:
    return ValidationError(
        {"name": _("Your body already has a working group called “%(name)s” in this campaign.") % {"name": name}},
        code="duplicate",
    )


def working_group_create(
    *, campaign: Campaign, name: str, districts: list[MemberUnit], members: list[MemberSpec], acting_user
) -> WorkingGroup:
    """A working group of the caller's own body for ``campaign``, covering ``districts``, with ``members``.

    Raises PermissionDenied unless the caller manages a body (of the campaign's tenant); ValidationError on
    ``name`` (missing, or taken in the campaign), ``districts`` or ``members`` (R6)."""
    require_perm(acting_user, "assistance.add_workinggroup")
    body = own_body(acting_user)
    name = _check_group_fields(body, campaign, name, districts)
    _check_members(body, members)
    try:
        with transaction.atomic():
            if WorkingGroup.objects.filter(body=body, campaign=campaign, name=name).exists():
                raise _duplicate_name(name)
            group = WorkingGroup(body=body, campaign=campaign, name=name)
            save_with_history(group, acting_user=acting_user)
            group.districts.set(districts)
            _write_members(group, members, acting_user)
            ensure_still_visible(group, acting_user)
    except IntegrityError:  # a double submission raced past the exists() check
        raise _duplicate_name(name) from None
    return group


def working_group_update(
    *,
    group: WorkingGroup,
    name: str,
    districts: list[MemberUnit],
    members: list[MemberSpec],
    expected_version: int | None,
    acting_user,
) -> WorkingGroup:
    """Change a group's name, districts and whole member list; errors as ``working_group_create``, plus code
    "stale" when the group changed since ``expected_version`` was read."""
    require_perm(acting_user, "assistance.change_workinggroup", group)
    name = _check_group_fields(group.body, group.campaign, name, districts)
    _check_members(group.body, members)
    try:
        with transaction.atomic():
            # Not model_update: the districts and members are written beside the row.
            row = lock_current(WorkingGroup, group.pk, expected_version)
            if (
                WorkingGroup.objects.filter(body_id=row.body_id, campaign_id=row.campaign_id, name=name)
                .exclude(pk=row.pk)
                .exists()
            ):
                raise _duplicate_name(name)
            row.name = name
            row.version += 1
            save_with_history(row, acting_user=acting_user)
            row.districts.set(districts)
            _write_members(row, members, acting_user)
            ensure_still_visible(row, acting_user)
    except IntegrityError:
        raise _duplicate_name(name) from None
    return row
