"""The shape of a line of the figures (a district's, a body's, the city's) and the lagging rule: the empty row, the
figures derived from the counted ones (enrolments, progress share, visits per assisted enterprise, open problems),
R9 and R8, who lags and why (``LAG_REASONS``, ``LAGGING_RULE_DISTRICTS`` / ``LAGGING_RULE_BODIES``), and
``CityFigures``, which every computation of the lines ends with (``_finish``), from the running counts (``counted``)
or from the rows (``computed``)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from assistance.models.diagnosis import ProblemStatus
from assistance.models.trainings import TrainingKind
from assistance.policy import missing_training_kinds
from campaign.models import Campaign, Deadline, DeadlineKind, KickoffMeeting, MemberUnit, MemberUnitKind
from campaign.policy import KickoffStanding, kickoff_standing
from enterprises.models import CaseState, EnrolmentState
from enterprises.models.complaints import ComplaintOutcome
from portal.sql import column, quoted_table

# The kickoff deadline (R9) among the queries of every figures read (``_kickoff_due_on``): none when the campaign
# comes with its deadlines (campaign_current).
KICKOFF_DEADLINE_QUERIES = 1

DISTRICT_PROGRESS_STATES = (
    EnrolmentState.OPERATING,
    EnrolmentState.REVIEWED,
    EnrolmentState.RESULTS,
    EnrolmentState.CLOSED,
)
BODY_PROGRESS_STATES = (EnrolmentState.REVIEWED, EnrolmentState.RESULTS, EnrolmentState.CLOSED)
# A problem counts as solved once the enterprise has solved it or its internal audit has verified it.
SOLVED_PROBLEM_STATES = (ProblemStatus.SOLVED, ProblemStatus.VERIFIED)
SUBMITTED_CASE_STATES = (
    CaseState.SUBMITTED,
    CaseState.RECOMMENDED,
    CaseState.SCORED,
    CaseState.SELECTED,
    CaseState.NOT_SELECTED,
)
RECOMMENDED_CASE_STATES = (CaseState.RECOMMENDED, CaseState.SCORED, CaseState.SELECTED, CaseState.NOT_SELECTED)

# Why a row lags (stored as codes in snapshots; the pages show the words).
LAG_BELOW_MEDIAN = "below_median"
LAG_NO_ENROLMENTS = "no_enrolments"
LAG_KICKOFF_MISSING = "kickoff_missing"
LAG_R8_MISSING = "r8_missing"
LAG_REASONS = {
    LAG_BELOW_MEDIAN: _("progress below the city median"),
    LAG_NO_ENROLMENTS: _("no enterprise enrolled"),
    LAG_KICKOFF_MISSING: _("kickoff meeting not held by its deadline (R9)"),
    LAG_R8_MISSING: _("centralised or industry training not yet held (R8)"),
}
LAGGING_RULE_DISTRICTS = _(
    "A district lags when the share of its enrolments (not rejected at screening) that are in operation or beyond "
    "is below the median share of all districts, or it has no enrolment, or its kickoff meeting was not held by the "
    "deadline (R9), or it has not yet held both a centralised and an industry training (R8)."
)
LAGGING_RULE_BODIES = _(
    "A certification body with assigned enterprises lags when the share of its enterprises whose internal audit and "
    "management review are done (or beyond) is below the median share of all such bodies."
)


def _empty_trainings() -> dict[str, dict[str, int]]:
    return {kind: {"count": 0, "enterprises": 0, "person_times": 0} for kind in _TRAINING_KINDS}


# The choices' values, once (a TextChoices' ``values`` is rebuilt on every access).
_STATES = tuple(EnrolmentState.values)
_OUTCOMES = tuple(ComplaintOutcome.values)
_TRAINING_KINDS = tuple(TrainingKind.values)


def _empty_row() -> dict[str, Any]:
    return {
        "funnel": dict.fromkeys(_STATES, 0),
        "enrolments": 0,
        "assisted": 0,
        "progress_share": None,
        "visits": 0,
        "visits_per_assisted": None,
        "trainings": _empty_trainings(),
        "training_totals": {"count": 0, "enterprises": 0, "person_times": 0},
        "problems": {"found": 0, "solved": 0, "open": 0},
        "cases": {"written": 0, "submitted": 0, "recommended": 0, "selected": 0},
        "complaints": {"total": 0, "open": 0, **dict.fromkeys(_OUTCOMES, 0), "unrecorded": 0},
        "rectifications": {"total": 0, "open": 0, "overdue": 0, "closed": 0},
        "rectifications_open": 0,
        "lagging": [],
    }


@dataclass
class CityFigures:
    """The campaign's figures on ``as_of`` (ISO date): ``districts`` (one row per district, in sort order),
    ``bodies`` (one row per certification body of the tenant, by name), ``city`` (the totals, same keys as a row),
    ``kickoffs`` (R9 for every member unit, districts and city bureaus), the lagging rows and the rules in words."""

    campaign_id: int
    campaign_year: int
    as_of: str
    city: dict[str, Any]
    districts: list[dict[str, Any]]
    bodies: list[dict[str, Any]]
    kickoffs: list[dict[str, Any]]
    lagging_districts: list[dict[str, Any]] = field(default_factory=list)
    lagging_bodies: list[dict[str, Any]] = field(default_factory=list)
    lagging_rule: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (what a snapshot stores)."""
        return asdict(self)

    def district(self, member_unit_id: int) -> dict[str, Any] | None:
        return next((row for row in self.districts if row["id"] == member_unit_id), None)

    def body(self, body_id: int) -> dict[str, Any] | None:
        return next((row for row in self.bodies if row["id"] == body_id), None)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _progress_share(funnel: dict[str, int], progress_states: Iterable[str], *, body: bool) -> float | None:
    enrolments = sum(funnel.values())
    done = sum(funnel.get(state, 0) for state in progress_states)
    base = enrolments if body else enrolments - funnel.get(EnrolmentState.REJECTED, 0)
    return _share(done, base)


def _finish_row(row: dict[str, Any], progress_states: Iterable[str], *, body: bool) -> None:
    funnel = row["funnel"]
    row["enrolments"] = sum(funnel.values())
    row["progress_share"] = _progress_share(funnel, progress_states, body=body)
    row["visits_per_assisted"] = round(row["visits"] / row["assisted"], 2) if row["assisted"] else None
    row["problems"]["open"] = row["problems"]["found"] - row["problems"]["solved"]


def _add_cases(row: dict[str, Any], state: str, n: int) -> None:
    row["cases"]["written"] += n
    if state in SUBMITTED_CASE_STATES:
        row["cases"]["submitted"] += n
    if state in RECOMMENDED_CASE_STATES:
        row["cases"]["recommended"] += n
    if state == CaseState.SELECTED:
        row["cases"]["selected"] += n


_PEERS = object()  # ``lagging``'s default: the median of ``rows`` themselves


def lagging(rows: list[dict[str, Any]], median: Any = _PEERS) -> list[dict[str, Any]]:
    """Who lags, among ``rows`` (district rows or body rows of ``city_figures``), with the reasons.

    The rule (shown on the pages as ``LAGGING_RULE_DISTRICTS`` / ``LAGGING_RULE_BODIES``):

    - the median is taken over the ``progress_share`` of the rows that have one (rows with no enrolment have none);
      a row whose share is strictly below that median lags (``below_median``);
    - a district with no enrolment at all lags (``no_enrolments``); a body with none is not rated;
    - a district row whose kickoff standing is ``overdue`` (none recorded, deadline passed) lags
      (``kickoff_missing``, R9, 四(一));
    - a district row that has not held both a centralised and an industry training lags (``r8_missing``, R8,
      附件二(三)1).

    Sets each row's ``lagging`` to its reason codes and returns the lagging rows' {"id", "name", "reasons"}, in the
    rows' order. ``median`` (float or None) is given when ``rows`` are one district or body of many (their peers'
    median, ``counted._peers``).
    """
    if median is _PEERS:
        median = _raw_median(rows)
    result = []
    for row in rows:
        reasons = []
        is_district = "kickoff" in row
        if row["progress_share"] is None:
            if is_district:
                reasons.append(LAG_NO_ENROLMENTS)
        elif median is not None and row["progress_share"] < median:
            reasons.append(LAG_BELOW_MEDIAN)
        if is_district and row["kickoff"]["standing"] == KickoffStanding.OVERDUE:
            reasons.append(LAG_KICKOFF_MISSING)
        if is_district and not row["r8"]["compliant"]:
            reasons.append(LAG_R8_MISSING)
        row["lagging"] = reasons
        if reasons:
            result.append({"id": row["id"], "name": row["name"], "reasons": reasons})
    return result


def _raw_median(rows: list[dict[str, Any]]) -> float | None:
    shares = [row["progress_share"] for row in rows if row["progress_share"] is not None]
    return statistics.median(shares) if shares else None


def kickoff_join_sql() -> str:
    """For a hand-written query of member units aliased ``u`` (``portal.sql``): the LEFT JOIN of each unit's kickoff
    ``k`` in the campaign given as the next parameter (at most one: its unique constraint), R9."""
    return (
        f"LEFT JOIN {quoted_table(KickoffMeeting)} k ON k.{column(KickoffMeeting, 'member_unit')} = "
        f"u.{column(MemberUnit, 'pk')} AND k.{column(KickoffMeeting, 'campaign')} = %s"
    )


def _kickoff_due_on(campaign: Campaign) -> date | None:
    """The campaign's kickoff deadline (R9): from its prefetched deadlines when it has them, else one query."""
    prefetched = getattr(campaign, "_prefetched_objects_cache", {}).get("deadlines")
    if prefetched is not None:
        return next((d.due_on for d in prefetched if d.kind == DeadlineKind.KICKOFF), None)
    deadline = Deadline.objects.filter(campaign=campaign, kind=DeadlineKind.KICKOFF).values_list("due_on", flat=True)
    return next(iter(deadline), None)


def _finish(
    campaign: Campaign,
    today: date,
    units: Sequence[Mapping[str, Any]],
    districts: dict[int, dict[str, Any]],
    body_rows: dict[int, dict[str, Any]],
    city: dict[str, Any],
    *,
    district_median: Any,
    body_median: Any,
    held: Mapping[int, date] | None = None,
) -> CityFigures:
    """What every computation of the rows ends with: R9 from the kickoffs (2 queries when there are ``units``: the
    kickoff deadline, none when the campaign comes with its deadlines, and the kickoffs held, none when the caller
    read them with its rows: ``held``, {member unit id: date held}; none for a body's figures), R8 from the trainings
    counted, the derived figures and who lags."""
    due_on = None
    if units:
        due_on = _kickoff_due_on(campaign)
        if held is None:
            kickoffs_held = KickoffMeeting.objects.filter(campaign=campaign)
            if len(units) == 1:
                kickoffs_held = kickoffs_held.filter(member_unit_id=units[0]["id"])
            held = dict(kickoffs_held.order_by().values_list("member_unit_id", "held_on"))
    held = held or {}
    kickoffs = []
    for unit in units:
        held_on = held.get(unit["id"])
        standing = kickoff_standing(held_on=held_on, due_on=due_on, today=today)
        entry = {"held_on": held_on.isoformat() if held_on else None, "standing": str(standing)}
        kickoffs.append(
            {"id": unit["id"], "name": unit["name"], "district": unit["kind"] == MemberUnitKind.DISTRICT, **entry}
        )
        if unit["id"] in districts:
            districts[unit["id"]]["kickoff"] = entry

    # R8 from the trainings counted above.
    for row in districts.values():
        by_kind = {kind: counts["count"] for kind, counts in row["trainings"].items()}
        missing = [str(kind) for kind in missing_training_kinds(by_kind)]
        row["r8"] = {"by_kind": by_kind, "missing": missing, "compliant": not missing}

    for row in districts.values():
        _finish_row(row, DISTRICT_PROGRESS_STATES, body=False)
    for row in body_rows.values():
        _finish_row(row, BODY_PROGRESS_STATES, body=True)
    _finish_row(city, DISTRICT_PROGRESS_STATES, body=False)

    district_list = list(districts.values())
    body_list = list(body_rows.values())
    return CityFigures(
        campaign_id=campaign.pk,
        campaign_year=campaign.year,
        as_of=today.isoformat(),
        city=city,
        districts=district_list,
        bodies=body_list,
        kickoffs=kickoffs,
        lagging_districts=lagging(district_list, district_median),
        lagging_bodies=lagging(body_list, body_median),
        lagging_rule={"districts": str(LAGGING_RULE_DISTRICTS), "bodies": str(LAGGING_RULE_BODIES)},
    )
