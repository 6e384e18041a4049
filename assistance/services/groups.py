"""Writes for certification bodies' people: experts and working groups (附件一).

Every service owns its transaction, takes ``acting_user``, records who changed what through simple-history and
re-checks inside the transaction that the row is still the writer's. Business errors are ValidationErrors keyed by
form field, so a form shows them where the user typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from accounts.scope import scope_of
from assistance.models import CertificationBody, Expert, GroupRole, WorkingGroup, WorkingGroupMember
from campaign.models import Campaign, MemberUnit
from campaign.services import _stale_error
from enterprises.models import Cluster
from portal.scoping import ensure_still_visible

__all__ = [
    "MemberSpec",
    "expert_create",
    "expert_update",
    "expert_version",
    "working_group_create",
    "working_group_update",
]


def require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def save_with_history(instance, *, acting_user, reason: str = "") -> None:
    instance._history_user = acting_user
    if reason:
        instance._change_reason = reason
    instance.save()


def own_body(acting_user) -> CertificationBody:
    """The body the acting manager works for (its membership decides, never the request)."""
    scope = scope_of(acting_user)
    if scope is None or scope.certification_body_id is None:
        raise PermissionDenied
    return CertificationBody.objects.get(pk=scope.certification_body_id)


# --- experts --------------------------------------------------------------------------------------------------------


def _clean_specialties(specialties) -> list[str]:
    chosen = list(dict.fromkeys(specialties or []))
    unknown = [value for value in chosen if value not in Cluster.values]
    if unknown:
        raise ValidationError(
            {"specialties": _("Unknown industry cluster: %(values)s.") % {"values": ", ".join(unknown)}}
        )
    if not chosen:
        # R3 (附件一 专业对口) matches on these; an expert without any could never be matched.
        raise ValidationError({"specialties": _("Choose at least one industry the expert is qualified for.")})
    return chosen


def _check_home_district(body: CertificationBody, district: MemberUnit) -> None:
    if district.tenant_id != body.tenant_id or not district.is_district:
        raise ValidationError({"home_district": _("Choose one of the city's districts.")})


def expert_version(expert: Expert) -> int:
    """Expert rows carry no version column; the id of their latest history record serves as one (every save through
    these services writes a history record)."""
    latest = expert.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return latest or 0


def expert_create(
    *,
    username: str,
    display_name: str,
    password: str = "",
    specialties: list[str],
    home_district: MemberUnit,
    phone: str = "",
    acting_user,
) -> Expert:
    """A new assistance expert of the manager's own body: the user (unusable password unless the manager sets one),
    the membership as expert and the expert profile, in one transaction."""
    require(acting_user, "assistance.add_expert")
    body = own_body(acting_user)
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Give the expert a user name to sign in with.")})
    specialties = _clean_specialties(specialties)
    _check_home_district(body, home_district)
    taken = {"username": _("The user name “%(name)s” is already taken; choose another.") % {"name": username}}
    try:
        with transaction.atomic():
            if User.objects.filter(username__iexact=username).exists():
                raise ValidationError(taken, code="duplicate")
            user = User(username=username, display_name=(display_name or "").strip())
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
            membership = Membership(user=user, organisation=body.organisation, role=Role.EXPERT)
            save_with_history(membership, acting_user=acting_user)
            expert = Expert(
                user=user, body=body, specialties=specialties, home_district=home_district, phone=(phone or "").strip()
            )
            save_with_history(expert, acting_user=acting_user)
            ensure_still_visible(expert, acting_user)
    except IntegrityError:  # a double submission raced past the exists() check; the first one won
        raise ValidationError(taken, code="duplicate") from None
    return expert


def expert_update(
    *,
    expert: Expert,
    display_name: str,
    specialties: list[str],
    home_district: MemberUnit,
    phone: str = "",
    expected_version: int | None,
    acting_user,
) -> Expert:
    require(acting_user, "assistance.change_expert", expert)
    specialties = _clean_specialties(specialties)
    _check_home_district(expert.body, home_district)
    with transaction.atomic():
        # select_for_update: two managers saving the same expert at once — the second waits, then is told.
        row = Expert.objects.select_for_update().select_related("user").get(pk=expert.pk)
        if expected_version is not None and expert_version(row) != expected_version:
            raise _stale_error()
        row.specialties, row.home_district, row.phone = specialties, home_district, (phone or "").strip()
        save_with_history(row, acting_user=acting_user)
        display_name = (display_name or "").strip()
        if display_name != row.user.display_name:
            row.user.display_name = display_name
            row.user.save(update_fields=["display_name"])
        ensure_still_visible(row, acting_user)
    return row


# --- working groups (R6) ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberSpec:
    user: User
    role: str
    is_leader: bool = False


def _check_members(body: CertificationBody, members: list[MemberSpec]) -> None:
    """R6 (附件一: 由管理人员和帮扶专家组成…工作组设一名负责人): the body's own managers and experts, each once, with
    exactly one leader."""
    errors = []
    if not members:
        raise ValidationError({"members": _("A working group needs members: the body's managers and experts.")})
    seen = set()
    user_ids = [m.user.pk for m in members]
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(user_id__in=user_ids).select_related("user", "user__expert_profile")
    }
    for spec in members:
        name = str(spec.user)
        if spec.user.pk in seen:
            errors.append(_("%(name)s is listed twice.") % {"name": name})
            continue
        seen.add(spec.user.pk)
        membership = memberships.get(spec.user.pk)
        if membership is None or membership.organisation_id != body.organisation_id:
            errors.append(
                _(
                    "%(name)s does not work for %(body)s; a working group consists of the body's own managers and experts."
                )
                % {"name": name, "body": body.name}
            )
            continue
        if spec.role not in GroupRole.values:
            errors.append(_("Choose manager or expert for %(name)s.") % {"name": name})
        elif spec.role == GroupRole.EXPERT and getattr(membership.user, "expert_profile", None) is None:
            errors.append(
                _("%(name)s is not one of the body's assistance experts and can only join as a manager.")
                % {"name": name}
            )
    leaders = [spec for spec in members if spec.is_leader]
    if len(leaders) == 0:
        errors.append(_("A working group has exactly one leader; choose the leader."))
    elif len(leaders) > 1:
        errors.append(
            _("A working group has exactly one leader, not %(count)s (%(names)s).")
            % {"count": len(leaders), "names": "、".join(str(spec.user) for spec in leaders)}
        )
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
        old._history_user = acting_user
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
    require(acting_user, "assistance.add_workinggroup")
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
    require(acting_user, "assistance.change_workinggroup", group)
    name = _check_group_fields(group.body, group.campaign, name, districts)
    _check_members(group.body, members)
    try:
        with transaction.atomic():
            # select_for_update: two managers editing one group — the second waits here, then is told.
            row = WorkingGroup.objects.select_for_update().get(pk=group.pk)
            if expected_version is not None and row.version != expected_version:
                raise _stale_error()
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
