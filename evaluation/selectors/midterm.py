"""Reads of the mid-term (四(二)): the snapshots a user may open and the line of each that is theirs, the meeting and
the next steps. Rows only through ``visible_to``.

Who reads what of a snapshot (decided here, once, for the pages and the API):

- the regulator: the whole snapshot (per district, per body, city totals, R9 for every member unit, who lags);
- a district's staff: its own district's line, and the city median it was compared with — never another district's;
- a certification body's manager: its own body's line and the bodies' median — never another body's;
- everyone else sees no snapshot (``portal.access.evaluation``).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from accounts.models import Role
from accounts.scope import scope_of
from campaign.models import Campaign
from evaluation.models import MidtermMeeting, MidtermSnapshot, NextStep

CITY, DISTRICT, BODY = "city", "district", "body"


def snapshot_list(*, user, campaign: Campaign) -> QuerySet[MidtermSnapshot]:
    """The campaign's snapshots the user may open, newest first (one query; the figures are not loaded)."""
    return (
        MidtermSnapshot.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("taken_by")
        .defer("figures")
        .order_by("-sequence")
    )


@dataclass
class SnapshotLine:
    """What ``user`` may read of one snapshot: ``kind`` is CITY (``figures`` is the whole snapshot), DISTRICT or BODY
    (``row`` is the user's own line, ``median`` the median progress share it was compared with; ``row`` is None when
    the district or body had no line when the snapshot was taken)."""

    kind: str
    figures: dict[str, Any] | None = None
    row: dict[str, Any] | None = None
    median: float | None = None


def _median(rows: list[dict[str, Any]]) -> float | None:
    shares = [row["progress_share"] for row in rows if row.get("progress_share") is not None]
    return round(statistics.median(shares), 4) if shares else None


def snapshot_line(*, snapshot: MidtermSnapshot, user) -> SnapshotLine:
    """The part of ``snapshot`` (already read through ``visible_to``) that ``user`` may read. No query."""
    scope = scope_of(user)
    figures = snapshot.figures
    if scope is not None and (scope.is_operator or scope.role == Role.REGULATOR):
        return SnapshotLine(kind=CITY, figures=figures)
    if scope is not None and scope.role == Role.MEMBER_UNIT:
        rows = figures.get("districts", [])
        row = next((r for r in rows if r["id"] == scope.member_unit_id), None)
        return SnapshotLine(kind=DISTRICT, row=row, median=_median(rows))
    if scope is not None and scope.role == Role.CB_MANAGER:
        rows = figures.get("bodies", [])
        row = next((r for r in rows if r["id"] == scope.certification_body_id), None)
        return SnapshotLine(kind=BODY, row=row, median=_median(rows))
    return SnapshotLine(kind="")


def meeting_of(*, user, campaign: Campaign) -> MidtermMeeting | None:
    """The campaign's mid-term meeting, when recorded and visible to ``user``."""
    return MidtermMeeting.objects.visible_to(user).filter(campaign=campaign).select_related("recorded_by").first()


def next_steps_of(*, user, meeting: MidtermMeeting) -> QuerySet[NextStep]:
    """The meeting's next steps ``user`` may see (the regulator all, an owner its own), by due date."""
    return (
        NextStep.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("member_unit", "body", "done_by")
        .order_by("due_on", "pk")
    )


def my_next_steps(*, user, today: date, limit: int = 10) -> list[NextStep]:
    """The open next steps that ``user``'s organisation owns (a member unit or a certification body), soonest due
    first, for the home page; the regulator's own steps for the regulator. One query."""
    scope = scope_of(user)
    if scope is None:
        return []
    steps = NextStep.objects.visible_to(user).filter(done=False)
    if scope.role == Role.REGULATOR:
        steps = steps.filter(owner_kind="regulator")
    elif scope.role not in (Role.MEMBER_UNIT, Role.CB_MANAGER):
        return []
    return list(steps.select_related("meeting__campaign", "member_unit", "body").order_by("due_on", "pk")[:limit])


def all_next_steps(*, user) -> QuerySet[NextStep]:
    """Every next step ``user`` may see, open first then by due date (the next-steps list page and API)."""
    return (
        NextStep.objects.visible_to(user)
        .select_related("meeting__campaign", "member_unit", "body", "done_by")
        .order_by("done", "due_on", "pk")
    )
