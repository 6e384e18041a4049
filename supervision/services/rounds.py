"""Supervision rounds: the regulator opens one, and closes it once every rectification it asked for is closed."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from campaign.models import Campaign
from campaign.policy import campaign_write_check
from portal.scoping import ensure_still_visible
from portal.services import Errors, lock_current, require_perm, row_update, save_with_history
from supervision.models import RectificationRequest, RectificationState, RoundState, SupervisionRound
from supervision.policy import round_close_refusal


def round_check(*, title: str | None, starts_on: date | None, ends_on: date | None) -> None:
    """The checks of ``round_create`` on what was typed; writes nothing."""
    errors = Errors()
    if title is not None and not title.strip():
        errors.add("title", _("Give the round a title."))
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors.add("ends_on", _("The round cannot end before it starts."))
    errors.raise_if_any()


def round_create(
    *, campaign: Campaign, title: str, starts_on: date, ends_on: date | None = None, acting_user
) -> SupervisionRound:
    """四(二): the regulator opens a supervision round in its campaign."""
    require_perm(acting_user, "supervision.manage")
    scope = scope_of(acting_user)
    if scope is None or campaign.tenant_id != scope.tenant_id:
        raise PermissionDenied
    campaign_write_check(campaign)
    round_check(title=title, starts_on=starts_on, ends_on=ends_on)
    with transaction.atomic():
        row = SupervisionRound(
            campaign=campaign, title=title.strip(), starts_on=starts_on, ends_on=ends_on, created_by=acting_user
        )
        save_with_history(row, acting_user=acting_user)
        ensure_still_visible(row, acting_user)
    return row


def round_close(*, round: SupervisionRound, expected_version: int | None, acting_user) -> SupervisionRound:
    """四(二): a round is closed when its requests are: refused, naming how many are still open, otherwise."""
    require_perm(acting_user, "supervision.change_supervisionround", round)
    with transaction.atomic():
        row = lock_current(SupervisionRound, round.pk, expected_version)
        if row.state == RoundState.CLOSED:
            raise ValidationError(_("This round is already closed."), code="closed")
        still_open = (
            RectificationRequest.objects.filter(visit__round=row).exclude(state=RectificationState.CLOSED).count()
        )
        refusal = round_close_refusal(still_open)
        if refusal:
            raise ValidationError(refusal, code="open_requests")
        return row_update(row, data={"state": RoundState.CLOSED, "closed_at": timezone.now()}, acting_user=acting_user)
