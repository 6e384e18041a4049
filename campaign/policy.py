"""The notice's rules that the campaign app decides (DESIGN.md §6), one named function per rule.

R9 — 四(一) 行动部署: every member unit holds one regional kickoff meeting in the deployment phase (early May,
≤ 2023-05-31 in the 2023 calendar). The deadline is the campaign's ``DeadlineKind.KICKOFF`` row: data, moved by the
regulator with a recorded reason, never a constant here.

A finished campaign takes no writes (DESIGN.md §5, phases gate actions): once its last phase has ended, nothing is
written into it — nominations, screenings, transitions, roster imports, kickoffs, trainings, work records and
outputs — unless the regulator has reopened it, with a reason, until a given day (``campaign_write_refusal``).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from campaign.models import Campaign


class KickoffStanding(StrEnum):
    """Where a member unit stands with its kickoff meeting (the values are the badges the pages show)."""

    HELD = "held"
    HELD_LATE = "held_late"
    NOT_HELD = "not_held"
    OVERDUE = "overdue"


def kickoff_standing(*, held_on: date | None, due_on: date | None, today: date | None = None) -> KickoffStanding:
    """R9 (四(一)): a member unit's kickoff, held on ``held_on`` (None: none recorded), against the kickoff deadline
    ``due_on`` (None: the campaign has none).

    - held on or before the deadline (or with no deadline): HELD;
    - held after it: HELD_LATE — recorded and shown late, never refused;
    - none recorded and ``today`` (default: today in Asia/Shanghai) is past the deadline: OVERDUE — the unit is
      reminded daily (``campaign.services.kickoff_reminders_send``);
    - none recorded otherwise: NOT_HELD.
    """
    if held_on is not None:
        return KickoffStanding.HELD_LATE if due_on is not None and held_on > due_on else KickoffStanding.HELD
    today = today or timezone.localdate()
    return KickoffStanding.OVERDUE if due_on is not None and today > due_on else KickoffStanding.NOT_HELD


# --- A finished campaign takes no writes (DESIGN.md §5) ----------------------------------------------------------


def campaign_ends_on(campaign: Campaign) -> date | None:
    """The last day of the campaign's last phase (None: no phases); reads prefetched phases when there are."""
    return max((phase.ends_on for phase in campaign.phases.all()), default=None)


def campaign_starts_on(campaign: Campaign) -> date | None:
    """The first day of the campaign's first phase (None: no phases); reads prefetched phases when there are."""
    return min((phase.starts_on for phase in campaign.phases.all()), default=None)


def deadline_date_error(campaign: Campaign, due_on: date) -> str | None:
    """DESIGN.md §5, the phase gate for deadlines as for phases: a deadline falls inside its campaign, from the first
    day of its first phase to the last day of its last phase. The message that names the bound it crosses, or None."""
    starts_on, ends_on = campaign_starts_on(campaign), campaign_ends_on(campaign)
    if starts_on is not None and due_on < starts_on:
        return _("A deadline cannot be before the campaign starts (%(date)s).") % {"date": date_format(starts_on)}
    if ends_on is not None and due_on > ends_on:
        return _("A deadline cannot be after the campaign's last phase ends (%(date)s).") % {
            "date": date_format(ends_on)
        }
    return None


def campaign_write_refusal(campaign: Campaign, today: date | None = None) -> str | None:
    """Why nothing may be written into ``campaign`` on ``today`` (default: today in Asia/Shanghai), or None.

    Its last phase has ended and the regulator has not reopened it (``reopened_until`` on or after today): the funnel
    and the final report read what it holds, so it stays as it was."""
    today = today or timezone.localdate()
    ends_on = campaign_ends_on(campaign)
    if ends_on is None or today <= ends_on:
        return None
    if campaign.reopened_until is not None and today <= campaign.reopened_until:
        return None
    return _(
        "%(campaign)s ended on %(date)s; nothing more is recorded in it. The regulator can reopen it for a while, "
        "with a reason."
    ) % {"campaign": campaign.title, "date": date_format(ends_on)}


def campaign_write_check(campaign: Campaign, today: date | None = None) -> None:
    """``campaign_write_refusal`` as a service check: ValidationError (code "campaign_finished") when refused."""
    refusal = campaign_write_refusal(campaign, today)
    if refusal:
        raise ValidationError(refusal, code="campaign_finished")
