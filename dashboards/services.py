"""Dashboard tokens: issue, revoke, record use (issue 12).

A token is issued by a member unit's user for its own district (accounts has no "administrator" notion: any user
of the district's member unit may issue and revoke its tokens; the regulator only watches). The key is returned
once by ``token_issue`` and never stored: only its SHA-256 digest is.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scope import scope_of
from campaign.models import MemberUnit
from dashboards.models import PREFIX_LENGTH, DashboardToken

# How often a token's last use is written: a screen refreshing every minute costs one small UPDATE a minute at most.
LAST_USE_RESOLUTION = timedelta(seconds=60)
MAX_ACTIVE_TOKENS = 20


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _issuing_unit(user) -> MemberUnit:
    scope = scope_of(user)
    if (
        scope is None
        or scope.role != Role.MEMBER_UNIT
        or not scope.member_unit_is_district
        or scope.member_unit_id is None
    ):
        raise PermissionDenied(_("Only a district's member unit issues dashboard tokens for its screens."))
    return MemberUnit.objects.get(pk=scope.member_unit_id)


@transaction.atomic
def token_issue(*, name: str, acting_user) -> tuple[DashboardToken, str]:
    """A new token for the acting user's district, named ``name``: (token, key); the key is shown once.

    Raises PermissionDenied unless the user belongs to a district's member unit; ValidationError for an empty
    name or when the district already has ``MAX_ACTIVE_TOKENS`` active tokens."""
    unit = _issuing_unit(acting_user)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the screen it is for.")})
    # Lock the district's row: two issues at once cannot both pass the limit.
    MemberUnit.objects.select_for_update().filter(pk=unit.pk).first()
    if DashboardToken.objects.filter(member_unit=unit, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            {"name": _("This district already has %(n)d active tokens. Revoke one first.") % {"n": MAX_ACTIVE_TOKENS}}
        )
    key = secrets.token_urlsafe(32)
    token = DashboardToken.objects.create(
        member_unit=unit, name=name[:100], prefix=key[:PREFIX_LENGTH], digest=token_digest(key), issued_by=acting_user
    )
    return token, key


@transaction.atomic
def token_revoke(*, token: DashboardToken, acting_user) -> DashboardToken:
    """Revoke ``token`` (from then on every request with it is a 401). Idempotent. PermissionDenied unless the
    acting user belongs to the token's district."""
    unit = _issuing_unit(acting_user)
    if token.member_unit_id != unit.pk:
        raise PermissionDenied(_("Only the district that issued a token revokes it."))
    DashboardToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=acting_user
    )
    token.refresh_from_db()
    return token


def token_touch(token: DashboardToken) -> None:
    """Record that ``token`` was used now (at most once per ``LAST_USE_RESOLUTION``; a conditional update)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USE_RESOLUTION:
        return
    DashboardToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
