"""Writes for a certification body's assistance experts (附件一): adding one, changing one (R3 specialties, R4 home
district)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
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


def _invitation(user: User, *, site_url: str, body: CertificationBody) -> tuple[str, str]:
    """The invitation's subject and text, with the set-password link (Django's password-reset token: single use,
    expires after PASSWORD_RESET_TIMEOUT, void once the password is set)."""
    path = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    subject = _("Your assistance expert account on the portal")
    text = _(
        "%(name)s,\n\n%(body)s has added you as an assistance expert. Your user name is %(username)s.\n\n"
        "Choose your password here (the link works once and expires in %(days)s days):\n%(link)s\n"
    ) % {
        "name": user.display_name or user.username,
        "body": body.name,
        "username": user.username,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "link": f"{site_url.rstrip('/')}{path}",
    }
    return subject, text


def expert_create(
    *,
    username: str,
    display_name: str,
    email: str,
    specialties: list[str],
    home_district: MemberUnit,
    phone: str = "",
    site_url: str,
    acting_user,
) -> Expert:
    """A new assistance expert of the manager's own body: the user (no password: the manager never chooses one),
    the membership as expert and the expert profile, in one transaction; once it commits, the expert is e-mailed an
    invitation with a link to set their own password (``accounts:password-reset-confirm``, where the password
    validators run). ``site_url`` is the portal's address the link starts with.

    Raises PermissionDenied unless the caller manages a body; ValidationError, every error at once, on ``username``
    (missing, not a valid user name, or taken — code "duplicate", the same answer whichever tenant holds it),
    ``email``, ``specialties`` (none or unknown clusters) or ``home_district`` (not a district of the city)."""
    require_perm(acting_user, "assistance.add_expert")
    body = own_body(acting_user)
    username = (username or "").strip()
    email = (email or "").strip()
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = [_("Give the expert a user name to sign in with.")]
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors["username"] = [
                _("A user name consists of letters, digits and @ . + - _ only, without spaces or slashes.")
            ]
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Give the expert's e-mail address; the invitation to set a password is sent there.")]
    for check in (lambda: _clean_specialties(specialties), lambda: _check_home_district(body, home_district)):
        try:
            check()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    specialties = _clean_specialties(specialties)
    # One answer whichever tenant holds the name: user names are unique portal-wide, and nothing more is said.
    taken = {"username": _("The user name “%(name)s” is already taken; choose another.") % {"name": username}}
    try:
        with transaction.atomic():
            if User.objects.filter(username__iexact=username).exists():
                raise ValidationError(taken, code="duplicate")
            user = User(username=username, display_name=(display_name or "").strip(), email=email)
            user.set_unusable_password()
            user.save()
            membership = Membership(user=user, organisation=body.organisation, role=Role.EXPERT)
            save_with_history(membership, acting_user=acting_user)
            expert = Expert(
                user=user, body=body, specialties=specialties, home_district=home_district, phone=(phone or "").strip()
            )
            save_with_history(expert, acting_user=acting_user)
            ensure_still_visible(expert, acting_user)
            subject, text = _invitation(user, site_url=site_url, body=body)
            # Sent only once the expert exists for good; never network I/O inside the transaction.
            transaction.on_commit(lambda: send_mail(subject, text, None, [email]))
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
