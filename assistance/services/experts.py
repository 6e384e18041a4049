"""Writes for a certification body's assistance experts (附件一): adding one, changing one (R3 specialties, R4 home
district)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from assistance.models import CertificationBody, Expert
from assistance.selectors.bodies import own_body
from campaign.models import MemberUnit
from enterprises.models import Cluster
from portal.scoping import ensure_still_visible
from portal.services import lock_current, require_perm, save_with_history


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
    the membership as expert and the expert profile, in one transaction.

    Raises PermissionDenied unless the caller manages a body; ValidationError on ``username`` (missing or taken, code
    "duplicate"), ``specialties`` (none or unknown clusters) or ``home_district`` (not a district of the city)."""
    require_perm(acting_user, "assistance.add_expert")
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
    """Change an expert's name, specialties (R3), home district (R4) and phone; ``expected_version`` is the
    ``version`` the caller read (None: not compared).

    Raises PermissionDenied unless the caller manages the expert's body; ValidationError as ``expert_create``, and
    code "stale" when the expert changed since it was read."""
    require_perm(acting_user, "assistance.change_expert", expert)
    specialties = _clean_specialties(specialties)
    _check_home_district(expert.body, home_district)
    with transaction.atomic():
        # Not model_update: the display name lives on the user row, saved beside the expert.
        row = lock_current(Expert, expert.pk, expected_version)
        row.specialties, row.home_district, row.phone = specialties, home_district, (phone or "").strip()
        row.version += 1
        save_with_history(row, acting_user=acting_user)
        display_name = (display_name or "").strip()
        if display_name != row.user.display_name:
            row.user.display_name = display_name
            row.user.save(update_fields=["display_name"])
        ensure_still_visible(row, acting_user)
    return row
