"""The notice's rules that the campaign app decides (DESIGN.md §6), one named function per rule.

R9 — 四(一) 行动部署: every member unit holds one regional kickoff meeting in the deployment phase (early May,
≤ 2023-05-31 in the 2023 calendar). The deadline is the campaign's ``DeadlineKind.KICKOFF`` row: data, moved by the
regulator with a recorded reason, never a constant here.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from django.utils import timezone


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
