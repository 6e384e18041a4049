"""The dashboards' data (issue 12): one call's worth of plain JSON for a district's screen, the regulator's city
view and a certification body's own, composed from ``evaluation.selectors.figures`` — the one computation of the
figures, so a dashboard, the reports and the snapshots never disagree.

Like the figures, these are for callers that have already authorised the reader (``dashboards.api`` picks the scope
through ``visible_to`` first). Every value is JSON: ints, floats, ISO dates (str), lists and dicts. Shapes:

- ``scope``: {"kind": "district" | "city" | "body", "id": int | None, "name": str};
- ``campaign``: {"id", "year", "title"}; ``as_of``: ISO date the figures are for (``today``);
- ``figures``: the district's / body's row of the figures (``figures.district_figures`` / ``body_figures``), or for
  the city the city totals; the city adds ``districts`` and ``bodies`` (every row), ``lagging_districts``,
  ``lagging_bodies`` and ``lagging_rule``;
- ``activity``: ``figures.activity_by_week``'s shape (visits and trainings per ISO week), from the running counts;
- ``outcomes``: ``figures.outcome_figures``'s shape (before / after per metric), from the running counts;
- ``compliance`` (districts): {"kickoff": R9 standing, "trainings": R8, "case_recommended": R10 at least one case
  recommended (bool), "submission": {"state", "submitted_at"} of the district's summary (R10, 五(一)) or None};
- ``timeline``: {"today": ISO date, "phases": [{"kind", "label", "starts_on", "ends_on", "current"}],
  "deadlines": [{"kind", "label", "due_on", "passed"}]} (the campaign calendar, 四、工作部署);
- ``next_due``: the first deadline on or after ``today`` {"kind", "label", "due_on", "days_left"} or None.

Query cost (fixed whatever the size of the campaign): ``DISTRICT_DASHBOARD_QUERIES``, ``CITY_DASHBOARD_QUERIES``,
``BODY_DASHBOARD_QUERIES``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection

from assistance.models import CertificationBody
from campaign.models import Campaign, DeadlineKind, KickoffMeeting, MemberUnit, MemberUnitKind, PhaseKind
from evaluation.selectors import figures as f
from portal.sql import Columns, column, once

# The calendar: phases and deadlines, one query each.
CALENDAR_QUERIES = 2
# The figures, activity and outcomes come from one read of the running counts (``figures.district_view`` …). A
# district's screen reads the district with its kickoff and its summary submission in one query (``_district``),
# so its figures need one query fewer.
DISTRICT_DASHBOARD_QUERIES = 1 + f.DISTRICT_FIGURE_QUERIES - 1 + CALENDAR_QUERIES
CITY_DASHBOARD_QUERIES = f.FIGURE_QUERIES + CALENDAR_QUERIES
BODY_DASHBOARD_QUERIES = f.BODY_FIGURE_QUERIES + CALENDAR_QUERIES


def _campaign(campaign: Campaign) -> dict[str, Any]:
    return {"id": campaign.pk, "year": campaign.year, "title": str(campaign)}


def campaign_timeline(campaign: Campaign, today: date) -> dict[str, Any]:
    """The campaign's phases and deadlines with ``today`` marked, and the next deadline (see the module docstring).
    ``CALENDAR_QUERIES`` queries, none when the campaign comes with them prefetched (``campaign_current``)."""
    # The labels translated once per call (a model's get_FOO_display rebuilds its choices dict on every row).
    phase_labels = {value: str(label) for value, label in PhaseKind.choices}
    deadline_labels = {value: str(label) for value, label in DeadlineKind.choices}
    phases = [
        {
            "kind": phase.kind,
            "label": phase_labels.get(phase.kind, phase.kind),
            "starts_on": phase.starts_on.isoformat(),
            "ends_on": phase.ends_on.isoformat(),
            "current": phase.starts_on <= today <= phase.ends_on,
        }
        for phase in sorted(campaign.phases.all(), key=lambda p: (p.starts_on, p.ends_on, p.pk))
    ]
    deadlines = [
        {
            "kind": deadline.kind,
            "label": deadline_labels.get(deadline.kind, deadline.kind),
            "due_on": deadline.due_on.isoformat(),
            "passed": deadline.due_on < today,
        }
        for deadline in sorted(campaign.deadlines.all(), key=lambda d: (d.due_on, d.kind))
    ]
    upcoming = next((d for d in deadlines if not d["passed"]), None)
    next_due = None
    if upcoming is not None:
        days_left = (date.fromisoformat(str(upcoming["due_on"])) - today).days
        next_due = {**upcoming, "days_left": days_left}
    return {"timeline": {"today": today.isoformat(), "phases": phases, "deadlines": deadlines}, "next_due": next_due}


class _DistrictQuery:
    """``_district``'s hand-written query (``portal.sql``)."""

    def __init__(self) -> None:
        from submissions.models import DistrictSubmission

        self.unit = Columns(MemberUnit, "u")
        self.kickoff = Columns(KickoffMeeting, "k", only=["held_on"])
        self.submission = Columns(DistrictSubmission, "s", only=["state", "submitted_at"])
        # At most one submission per district and campaign (its unique constraint).
        self.sql = (
            f"SELECT {self.unit.sql}, {self.kickoff.sql}, {self.submission.sql} FROM {self.unit.table} u "
            f"{f.kickoff_join_sql()} "
            f"LEFT JOIN {self.submission.table} s ON s.{column(DistrictSubmission, 'member_unit')} = "
            f"u.{column(MemberUnit, 'pk')} AND s.{column(DistrictSubmission, 'campaign')} = %s "
            f"WHERE u.{column(MemberUnit, 'pk')} = %s AND u.{column(MemberUnit, 'tenant')} = %s "
            f"AND u.{column(MemberUnit, 'kind')} = %s"
        )


def _district(campaign: Campaign, member_unit_id: int) -> tuple[MemberUnit, date | None, dict[str, Any] | None] | None:
    """The district ``member_unit_id`` of the campaign's tenant (None when it is not one), with the date of its
    kickoff (R9; None when none is recorded) and its summary submission {"state", "submitted_at"} (R10; None when it
    has none), in one query.

    Hand-written (``portal.sql``): every district dashboard computed afresh pays it, and the three ORM queries it
    replaces took 1.0 ms in-process on the national data set (the same through the ORM with subqueries, 1.2 ms)."""
    query = once(_DistrictQuery)
    params: list[Any] = [campaign.pk, campaign.pk, member_unit_id, campaign.tenant_id, MemberUnitKind.DISTRICT.value]
    with connection.cursor() as cursor:
        cursor.execute(query.sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    unit_end = query.unit.width
    kickoff_end = unit_end + query.kickoff.width
    (held_on,) = query.kickoff.convert(row[unit_end:kickoff_end])
    state, submitted_at = query.submission.convert(row[kickoff_end:])
    submission = (
        None if state is None else {"state": state, "submitted_at": submitted_at.isoformat() if submitted_at else None}
    )
    return query.unit.build(row[:unit_end]), held_on, submission


def district_dashboard(campaign: Campaign, member_unit_id: int, today: date) -> dict[str, Any]:
    """A district's screen: its figures (restricted to it in the database), activity, outcomes, R8–R10 compliance
    and the calendar. {} when ``member_unit_id`` is not a district of the campaign's tenant.
    ``DISTRICT_DASHBOARD_QUERIES`` queries."""
    found = _district(campaign, member_unit_id)
    if found is None:
        return {}
    member_unit, held_on, submission = found
    row, activity, outcomes = f.district_view(campaign, member_unit, today, kickoff_held_on=held_on)
    if not row:
        return {}
    compliance = {
        "kickoff": row["kickoff"],
        "trainings": row["r8"],
        "case_recommended": row["cases"]["recommended"] >= 1,
        "submission": submission,
    }
    return {
        "scope": {"kind": "district", "id": member_unit.pk, "name": member_unit.name},
        "campaign": _campaign(campaign),
        "as_of": today.isoformat(),
        "figures": row,
        "activity": activity,
        "outcomes": outcomes,
        "compliance": compliance,
        **campaign_timeline(campaign, today),
    }


def city_dashboard(campaign: Campaign, today: date) -> dict[str, Any]:
    """The regulator's city view: the city totals, every district's and body's row, who lags and why, activity,
    outcomes and the calendar. ``CITY_DASHBOARD_QUERIES`` queries."""
    figures, activity, outcomes = f.city_view(campaign, today)
    return {
        "scope": {"kind": "city", "id": None, "name": campaign.tenant.name},
        "campaign": _campaign(campaign),
        "as_of": figures.as_of,
        "figures": figures.city,
        "districts": figures.districts,
        "bodies": figures.bodies,
        "lagging_districts": figures.lagging_districts,
        "lagging_bodies": figures.lagging_bodies,
        "lagging_rule": figures.lagging_rule,
        "activity": activity,
        "outcomes": outcomes,
        **campaign_timeline(campaign, today),
    }


def body_dashboard(campaign: Campaign, body: CertificationBody, today: date) -> dict[str, Any]:
    """A certification body's own view: its row (its enterprises, its experts' visits, its trainings), activity,
    outcomes of its enterprises and the calendar. {} when ``body`` is not of the campaign's tenant.
    ``BODY_DASHBOARD_QUERIES`` queries."""
    row, activity, outcomes = f.body_view(campaign, body, today)
    if not row:
        return {}
    return {
        "scope": {"kind": "body", "id": body.pk, "name": body.name},
        "campaign": _campaign(campaign),
        "as_of": today.isoformat(),
        "figures": row,
        "activity": activity,
        "outcomes": outcomes,
        **campaign_timeline(campaign, today),
    }
