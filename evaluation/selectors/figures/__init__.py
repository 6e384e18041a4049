"""The campaign's figures per district, per certification body and for the city: the ONE computation behind the
mid-term snapshot, the scorecards, the reports and the dashboards (issue 10 四(二); issues 11, 12).

These selectors are for server-side use by callers that have already authorised the reader for ``campaign`` (a
regulator's page, a district's own line picked out of the city figures, a report job): they take the campaign the
caller could see and read every row of it, unscoped. Never hand their output to a user without picking the line that
user may see (``evaluation.selectors.midterm`` does that for the snapshot).

Every figure is a plain JSON value (int, float, str, None, list, dict), so the result can be stored as it is
(``MidtermSnapshot.figures``) and rendered as it is. Units:

- ``funnel``: {EnrolmentState value: number of enrolments in that state now}, every state present (0 when none),
  ``withdrawn`` and ``rejected`` included; ``enrolments``: their sum (enrolments, not enterprises — one per enterprise
  per campaign, so the same number).
- ``assisted``: enrolments that have had an expert assigned (an ``Assignment``, current or ended).
- ``progress_share``: for a district, the share (0–1, four decimals) of its enrolments not rejected at screening that
  are ``operating`` or beyond (reviewed, results, closed); for a body, the share of its enrolments that are
  ``reviewed`` or beyond. None when the denominator is 0.
- ``visits``: number of expert visits logged; ``visits_per_assisted``: visits ÷ assisted, two decimals (None when no
  enterprise is assisted).
- ``trainings``: {TrainingKind value: {"count": trainings held, "enterprises": distinct attending enterprises,
  "person_times": person-times}} for every kind, and ``training_totals`` with the same three keys (enterprises
  distinct across kinds).
- ``problems``: {"found": diagnosis problems recorded, "solved": solved or verified by internal audit, "open": the
  rest}.
- ``cases``: {"written": cases in any state, "submitted": submitted or beyond, "recommended": recommended by the
  district or beyond (scored, selected, not selected), "selected": selected}.
- ``complaints``: {"total": complaints, "open": not closed, and the closed ones by outcome: "upheld",
  "partly_upheld", "not_upheld", "unrecorded" (closed before outcomes were recorded)}; a district counts the
  complaints of its enterprises, a body the complaints against it. (A snapshot frozen before outcomes were recorded
  has only "total" and "open".)
- ``rectifications``: the supervision's rectification requests (``supervision.selectors.rectifications.
  rectification_counts``) {"total", "open" (not closed), "overdue" (open and due before ``today``), "closed"}; a
  district counts those asked of the member unit itself and of its enterprises, a body those asked of it;
  ``rectifications_open`` repeats "open".
- District rows only: ``kickoff`` {"held_on": ISO date or None, "standing": ``campaign.policy.KickoffStanding``
  value} (R9) and ``r8`` {"by_kind": {kind: trainings held}, "missing": [required kinds not held], "compliant": bool}.
- Body rows: the enrolments counted are those whose current assignment (or, with none current, the latest ended
  one) is to one of the body's experts; its visits are its experts' visits, its trainings those it organised.
- ``lagging``: list of reason codes (``LAG_REASONS``), empty when the row does not lag (see ``lagging``).

How they are counted: every figure is a sum kept as a running count (``evaluation.models.FigureCount``, per campaign
and per scope: the city, each district, each body), which every write of the rows it is counted from refreshes
inside its transaction (``evaluation.services.counts``). ``city_figures``, ``district_figures``, ``body_figures`` and
the dashboards' ``city_view`` / ``district_view`` / ``body_view`` read those counts: ``FIGURE_QUERIES``,
``DISTRICT_FIGURE_QUERIES``, ``BODY_FIGURE_QUERIES`` queries whatever the number of districts, bodies,
enterprises, visits or trainings, and a district's read costs the same in a province as in a city.
``computed_figures`` makes the same figures from the rows themselves (aggregates with ``values().annotate()``, never
a query per row: ``COMPUTED_FIGURE_QUERIES``); ``figures_check`` compares the two, which the tests do after every
kind of write and ``manage.py recount_figures --check`` does on demand.

The package: this module (the lines, the lagging rule), ``restrictions`` (the body a row counts for; one district's
or one body's rows in the database), ``activity`` (visits and trainings per week) and ``outcomes`` (before and
after) computed from the rows; the last two are re-exported here.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils.translation import gettext_lazy as _

from assistance.models import Assignment, CertificationBody, Problem, Training, Visit
from assistance.models.diagnosis import ProblemStatus
from assistance.models.trainings import TrainingKind
from assistance.policy import missing_training_kinds
from campaign.models import Campaign, Deadline, DeadlineKind, KickoffMeeting, MemberUnit, MemberUnitKind
from campaign.policy import KickoffStanding, kickoff_standing
from enterprises.models import Case, CaseState, Complaint, Enrolment, EnrolmentState, Enterprise
from enterprises.models.complaints import ComplaintOutcome, ComplaintState
from evaluation.models.counts import COUNTED, META, WEEKS
from supervision.models import RectificationRequest
from supervision.selectors.rectifications import rectification_counts

from .activity import ACTIVITY_QUERIES, activity_by_week
from .outcomes import OUTCOME_QUERIES, outcome_figures
from .restrictions import body_through, enrolment_body

__all__ = ["ACTIVITY_QUERIES", "OUTCOME_QUERIES", "activity_by_week", "outcome_figures"]

# The number of queries one ``city_figures`` call runs (asserted in tests/evaluation/test_figures.py): the member
# units, the bodies, the running counts, the kickoff deadline and the kickoffs held.
FIGURE_QUERIES = 5
# The kickoff deadline (R9) among those: none when the campaign comes with its deadlines (campaign_current).
KICKOFF_DEADLINE_QUERIES = 1
# One district's or one body's figures: its counts with its peers' funnels (for the median), and R9.
DISTRICT_FIGURE_QUERIES = 3
BODY_FIGURE_QUERIES = 3
# ``computed_figures``: every aggregate over the rows.
COMPUTED_FIGURE_QUERIES = 13

DISTRICT_PROGRESS_STATES = (
    EnrolmentState.OPERATING,
    EnrolmentState.REVIEWED,
    EnrolmentState.RESULTS,
    EnrolmentState.CLOSED,
)
BODY_PROGRESS_STATES = (EnrolmentState.REVIEWED, EnrolmentState.RESULTS, EnrolmentState.CLOSED)
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
    median, ``_peer_median``).
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


def city_figures(campaign: Campaign, today: date) -> CityFigures:
    """The figures of ``campaign`` on ``today`` per district, per certification body and for the city.

    For callers that already may read the whole campaign (the regulator; a job acting for it); see the module
    docstring for every figure and its unit. Read from the running counts (``evaluation.services.counts``):
    ``FIGURE_QUERIES`` queries whatever the size of the campaign.
    """
    return city_view(campaign, today)[0]


def computed_figures(campaign: Campaign, today: date) -> CityFigures:
    """``city_figures`` computed from the rows themselves (every visit, problem, attendance … aggregated), not from
    the counts: what the counts are checked against (``figures_check``). ``COMPUTED_FIGURE_QUERIES`` queries."""
    return _compute(campaign, today)


def _compute(campaign: Campaign, today: date) -> CityFigures:
    """``computed_figures``: every aggregate over the campaign's rows."""
    tenant_id = campaign.tenant_id
    units = list(
        MemberUnit.objects.filter(tenant_id=tenant_id).order_by("sort_order", "name").values("id", "name", "kind")
    )
    bodies = list(
        CertificationBody.objects.filter(tenant_id=tenant_id).order_by("name").values("id", "name", "organisation_id")
    )
    body_by_org = {b["organisation_id"]: b["id"] for b in bodies}

    districts: dict[int, dict[str, Any]] = {}
    for unit in units:
        if unit["kind"] == MemberUnitKind.DISTRICT:
            districts[unit["id"]] = {"id": unit["id"], "name": unit["name"], **_empty_row()}
    body_rows: dict[int, dict[str, Any]] = {b["id"]: {"id": b["id"], "name": b["name"], **_empty_row()} for b in bodies}
    city: dict[str, Any] = {"id": None, "name": "", **_empty_row()}

    def rows_for(row_district: int | None, row_body: int | None) -> list[dict[str, Any]]:
        found = [city]
        if row_district is not None and row_district in districts:
            found.append(districts[row_district])
        if row_body is not None and row_body in body_rows:
            found.append(body_rows[row_body])
        return found

    # 1. The funnel, and who is assisted, per district and per body in one aggregate.
    assigned = Assignment.objects.filter(enrolment=OuterRef("pk"))
    funnel = (
        Enrolment.objects.filter(campaign=campaign)
        .annotate(body_id=enrolment_body(), was_assigned=Exists(assigned))
        .order_by()
        .values("enterprise__district_id", "body_id", "state", "was_assigned")
        .annotate(n=Count("pk"))
    )
    for e_item in funnel:
        for row in rows_for(e_item["enterprise__district_id"], e_item["body_id"]):
            row["funnel"][e_item["state"]] += e_item["n"]
            if e_item["was_assigned"]:
                row["assisted"] += e_item["n"]

    # 2. Visits: to the district's enterprises; by the body's experts.
    visits = (
        Visit.objects.filter(enrolment__campaign=campaign)
        .order_by()
        .values("enrolment__enterprise__district_id", "expert__body_id")
        .annotate(n=Count("pk"))
    )
    for v_item in visits:
        for row in rows_for(v_item["enrolment__enterprise__district_id"], v_item["expert__body_id"]):
            row["visits"] += v_item["n"]

    # 3. Trainings: held in the district; organised by the body (person-times and counts, no join to attendees).
    trainings = (
        Training.objects.filter(campaign=campaign)
        .order_by()
        .values("district_id", "organiser_id", "kind")
        .annotate(n=Count("pk"), people=Sum("person_times"))
    )
    for t_item in trainings:
        for row in rows_for(t_item["district_id"], body_by_org.get(t_item["organiser_id"])):
            row["trainings"][t_item["kind"]]["count"] += t_item["n"]
            row["trainings"][t_item["kind"]]["person_times"] += t_item["people"] or 0
            row["training_totals"]["count"] += t_item["n"]
            row["training_totals"]["person_times"] += t_item["people"] or 0

    # 4. Enterprises reached: distinct attendees per kind and in all, per row (one query of the attendance pairs).
    reached: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    attendance = (
        Training.enterprises.through.objects.filter(training__campaign=campaign)
        .order_by()
        .values_list("training__district_id", "training__organiser_id", "training__kind", "enterprise_id")
        .distinct()
    )
    for district_id, organiser_id, kind, enterprise_id in attendance:
        for row in rows_for(district_id, body_by_org.get(organiser_id)):
            reached[id(row)][kind].add(enterprise_id)
            reached[id(row)]["*"].add(enterprise_id)
    for row in [city, *districts.values(), *body_rows.values()]:
        for kind, enterprises in reached.get(id(row), {}).items():
            if kind == "*":
                row["training_totals"]["enterprises"] = len(enterprises)
            else:
                row["trainings"][kind]["enterprises"] = len(enterprises)

    # 5. Problems found in diagnosis and solved.
    problems = (
        Problem.objects.filter(diagnosis__enrolment__campaign=campaign)
        .annotate(body_id=body_through("diagnosis__enrolment"))
        .order_by()
        .values("diagnosis__enrolment__enterprise__district_id", "body_id", "status")
        .annotate(n=Count("pk"))
    )
    for p_item in problems:
        for row in rows_for(p_item["diagnosis__enrolment__enterprise__district_id"], p_item["body_id"]):
            row["problems"]["found"] += p_item["n"]
            if p_item["status"] in SOLVED_PROBLEM_STATES:
                row["problems"]["solved"] += p_item["n"]

    # 6. Cases written, recommended, selected.
    cases = (
        Case.objects.filter(enrolment__campaign=campaign)
        .annotate(body_id=body_through("enrolment"))
        .order_by()
        .values("enrolment__enterprise__district_id", "body_id", "state")
        .annotate(n=Count("pk"))
    )
    for c_item in cases:
        for row in rows_for(c_item["enrolment__enterprise__district_id"], c_item["body_id"]):
            _add_cases(row, c_item["state"], c_item["n"])

    # 7. Complaints of the campaign's enterprises: the district's enterprises; against the body. Complaints carry no
    # campaign; those of enterprises enrolled in this campaign count.
    complaints = (
        Complaint.objects.filter(enterprise__enrolments__campaign=campaign)
        .order_by()
        .values("enterprise__district_id", "body_id", "state", "outcome")
        .annotate(n=Count("pk"))
    )
    for k_item in complaints:
        if k_item["state"] != ComplaintState.CLOSED:
            ended = "open"
        else:
            ended = k_item["outcome"] if k_item["outcome"] in ComplaintOutcome.values else "unrecorded"
        for row in rows_for(k_item["enterprise__district_id"], k_item["body_id"]):
            row["complaints"]["total"] += k_item["n"]
            row["complaints"][ended] += k_item["n"]

    # 8–10. Rectifications open, from the supervision's one computation; requests to an enterprise count for its
    # district (one query maps those enterprises to their districts).
    counts = rectification_counts(campaign, today)
    asked_enterprises = RectificationRequest.objects.filter(campaign=campaign, enterprise__isnull=False)
    enterprise_district = dict(
        Enterprise.objects.filter(pk__in=asked_enterprises.values("enterprise_id"))
        .order_by()
        .values_list("pk", "district_id")
    )
    for (party, pk), party_counts in counts.items():
        if party == "member_unit":
            targets = rows_for(pk, None)
        elif party == "body":
            targets = rows_for(None, pk)
        else:
            targets = rows_for(enterprise_district.get(pk), None)
        for row in targets:
            for name, n in party_counts.items():
                row["rectifications"][name] = row["rectifications"].get(name, 0) + n
            row["rectifications_open"] = row["rectifications"]["open"]

    return _finish(
        campaign,
        today,
        units,
        districts,
        body_rows,
        city,
        district_median=_PEERS,
        body_median=_PEERS,
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
) -> CityFigures:
    """What every computation of the rows ends with: R9 from the kickoffs (2 queries), R8 from the trainings counted,
    the derived figures and who lags."""
    # 11–12. R9: the kickoff deadline (no query when the campaign comes with its deadlines, campaign_current) and the
    # kickoffs held.
    due_on = _kickoff_due_on(campaign)
    kickoffs_held = KickoffMeeting.objects.filter(campaign=campaign)
    if len(units) == 1:
        kickoffs_held = kickoffs_held.filter(member_unit_id=units[0]["id"])
    held = dict(kickoffs_held.order_by().values_list("member_unit_id", "held_on"))
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


def district_figures(campaign: Campaign, member_unit: MemberUnit, today: date) -> dict[str, Any]:
    """One district's line of ``city_figures`` (the same counts, so the two never disagree), with the city median
    of the progress share it is compared to; {} when ``member_unit`` is not a district of the campaign's tenant. For
    callers that have authorised the reader for this district."""
    return district_view(campaign, member_unit, today)[0]


def body_figures(campaign: Campaign, body: CertificationBody, today: date) -> dict[str, Any]:
    """One certification body's line of ``city_figures``, with the median progress share of the bodies it is
    compared to; {} when ``body`` is not of the campaign's tenant. For callers authorised for this body."""
    return body_view(campaign, body, today)[0]


# --- the figures from the running counts ------------------------------------------------------------------------------

# Every state's funnel count: the peers' funnels are read by metric (index on campaign and metric).
_FUNNEL_METRICS = [f"funnel:{state}" for state in EnrolmentState.values]


# The parts of a counts read (``_counts``): SQL conditions on evaluation_figurecount, each an index range.
_SCOPES = "scope IN ({})"
_METRICS = "metric IN ({})"


def _in(template: str, values: list[str]) -> tuple[str, list[str]]:
    return template.format(", ".join(["%s"] * len(values))), values


def _counts(campaign: Campaign, *wanted: tuple[str, list[Any]]) -> dict[str, dict[str, float]]:
    """{scope: {metric: value}} of the campaign's running counts matching any of ``wanted`` ((SQL condition,
    params) pairs). One hand-written query, the parts joined by UNION ALL so that each is an index range of its own
    (PostgreSQL scanned the campaign's every row for the OR of them; the ORM's union cost more than the query):
    the hot read of every dashboard. A campaign never counted yet (rows written before the counts existed, or
    loaded in bulk) is counted first (``evaluation.services.counts.counts_recount``: a one-time write on its first
    read)."""
    from evaluation.models import FigureCount
    from evaluation.services.counts import counts_flush, counts_recount

    table = FigureCount._meta.db_table
    parts = [("scope = %s AND metric = %s", [META, COUNTED]), *wanted]
    sql = " UNION ALL ".join(
        f"SELECT scope, metric, CAST(value AS DOUBLE PRECISION) FROM {table} WHERE campaign_id = %s AND {condition}"
        for condition, _ in parts
    )
    params = [item for _condition, values in parts for item in (campaign.pk, *values)]

    def read() -> dict[str, dict[str, float]]:
        found: dict[str, dict[str, float]] = defaultdict(dict)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for scope, metric, value in cursor.fetchall():
                found[scope][metric] = value
        return found

    counts_flush()  # this connection's own writes not yet counted (before its commit)
    found = read()
    if not found.get(META, {}).get(COUNTED):
        counts_recount(campaign)
        found = read()
    return found


def _place(metric: str) -> tuple:
    """Where a count of ``metric`` goes in a row: a tuple of key paths to add it to, ("due", date) for an open
    rectification's due date (overdue depends on the day read), or () for what a row does not hold."""
    head, _sep, rest = metric.partition(":")
    if head == "funnel":
        return (("funnel", rest),)
    if head in ("assisted", "visits"):
        return ((head,),)
    if head == "training":
        kind, _sep, what = rest.partition(":")
        name = "count" if what == "count" else "person_times"
        return (("trainings", kind, name), ("training_totals", name)) if kind in _TRAINING_KINDS else ()
    if head == "reached":
        if rest == "*":
            return (("training_totals", "enterprises"),)
        return (("trainings", rest, "enterprises"),) if rest in _TRAINING_KINDS else ()
    if head == "problems":
        return (("problems", rest),)
    if head == "case":
        paths = [("cases", "written")]
        if rest in SUBMITTED_CASE_STATES:
            paths.append(("cases", "submitted"))
        if rest in RECOMMENDED_CASE_STATES:
            paths.append(("cases", "recommended"))
        if rest == CaseState.SELECTED:
            paths.append(("cases", "selected"))
        return tuple(paths)
    if head == "complaints":
        return (("complaints", rest),)
    if head == "rect":
        if rest.startswith("open_due:"):
            return ("due", date.fromisoformat(rest.removeprefix("open_due:")))
        return (("rectifications", rest),)
    return ()  # outcome sums: outcomes_from


_PLACES: dict[str, tuple] = {}  # metric → _place(metric): the names repeat in every scope and on every read


def _fill(row: dict[str, Any], metrics: dict[str, float], today: date) -> None:
    """Set ``row``'s counted figures from its scope's ``metrics`` (see ``evaluation.services.counts``)."""
    places = _PLACES
    for metric, value in metrics.items():
        place = places.get(metric)
        if place is None:
            place = places[metric] = _place(metric)
        if not place:
            continue
        n = int(value)
        if place[0] == "due":
            if place[1] < today:
                row["rectifications"]["overdue"] += n
            continue
        for path in place:
            target = row
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = target.get(path[-1], 0) + n
    row["rectifications_open"] = row["rectifications"]["open"]


def activity_from(metrics: dict[str, float]) -> dict[str, list[dict[str, Any]]]:
    """``activity_by_week``'s shape from one scope's running counts."""
    visits: dict[str, int] = {}
    trainings: dict[str, dict[str, int]] = defaultdict(lambda: {"count": 0, "person_times": 0})
    for metric, value in metrics.items():
        if metric.startswith("visits_week:") and value:
            visits[metric.removeprefix("visits_week:")] = int(value)
        elif metric.startswith("trainings_week:"):
            week, _sep, what = metric.removeprefix("trainings_week:").partition(":")
            trainings[week]["count" if what == "count" else "person_times"] = int(value)
    return {
        "visits": [{"week": week, "visits": n} for week, n in sorted(visits.items())],
        "trainings": [
            {"week": week, "count": t["count"], "person_times": t["person_times"]}
            for week, t in sorted(trainings.items())
            if t["count"]
        ],
    }


def outcomes_from(metrics: dict[str, float]) -> dict[str, Any]:
    """``outcome_figures``'s shape from one scope's running counts."""
    from enterprises.models import OutcomeFigures

    result = {}
    for metric in OutcomeFigures.METRICS:
        n = int(metrics.get(f"outcome:{metric}:n", 0))
        before = after = change = None
        if n:
            # The sums as the decimals they were (read as doubles: exact to 15 significant digits), then averaged.
            before = round(float(Decimal(repr(metrics.get(f"outcome:{metric}:before", 0.0))) / n), 2)
            after = round(float(Decimal(repr(metrics.get(f"outcome:{metric}:after", 0.0))) / n), 2)
            change = round(after - before, 2)
        result[metric] = {"reported": n, "before": before, "after": after, "change": change}
    return {"recorded": int(metrics.get("outcome:recorded", 0)), "metrics": result}


def _peers(counts: dict[str, dict[str, float]], prefix: str, states: Iterable[str], *, body: bool) -> float | None:
    """The median progress share of every scope starting with ``prefix`` that has enrolments."""
    shares = []
    for scope, metrics in counts.items():
        if scope.startswith(prefix):
            funnel = {m.removeprefix("funnel:"): int(v) for m, v in metrics.items() if m.startswith("funnel:")}
            shares.append({"progress_share": _progress_share(funnel, states, body=body)})
    return _raw_median(shares)


def city_view(campaign: Campaign, today: date) -> tuple[CityFigures, dict[str, Any], dict[str, Any]]:
    """``city_figures`` with the city's activity and outcomes, from the running counts: ``FIGURE_QUERIES``
    queries."""
    tenant_id = campaign.tenant_id
    units = list(
        MemberUnit.objects.filter(tenant_id=tenant_id).order_by("sort_order", "name").values("id", "name", "kind")
    )
    bodies = list(CertificationBody.objects.filter(tenant_id=tenant_id).order_by("name").values("id", "name"))
    scopes = ["c", f"c{WEEKS}", *(f"d:{u['id']}" for u in units), *(f"b:{b['id']}" for b in bodies)]
    counts = _counts(campaign, _in(_SCOPES, scopes))
    districts = {
        u["id"]: {"id": u["id"], "name": u["name"], **_empty_row()}
        for u in units
        if u["kind"] == MemberUnitKind.DISTRICT
    }
    body_rows = {b["id"]: {"id": b["id"], "name": b["name"], **_empty_row()} for b in bodies}
    city: dict[str, Any] = {"id": None, "name": "", **_empty_row()}
    _fill(city, counts.get("c", {}), today)
    for pk, row in districts.items():
        _fill(row, counts.get(f"d:{pk}", {}), today)
    for pk, row in body_rows.items():
        _fill(row, counts.get(f"b:{pk}", {}), today)
    figures = _finish(campaign, today, units, districts, body_rows, city, district_median=_PEERS, body_median=_PEERS)
    return figures, activity_from(counts.get(f"c{WEEKS}", {})), outcomes_from(counts.get("c", {}))


def _one_view(
    campaign: Campaign, today: date, *, kind: str, pk: int, name: str, unit: dict[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    prefix = f"{kind}:"
    scope = f"{prefix}{pk}"
    # Its own scope, and every scope's funnel (the peers' are picked by ``_peers``): two index ranges.
    counts = _counts(campaign, _in(_SCOPES, [scope, f"{scope}{WEEKS}"]), _in(_METRICS, _FUNNEL_METRICS))
    states = DISTRICT_PROGRESS_STATES if kind == "d" else BODY_PROGRESS_STATES
    median = _peers(counts, prefix, states, body=kind == "b")
    row = {"id": pk, "name": name, **_empty_row()}
    metrics = counts.get(scope, {})
    _fill(row, metrics, today)
    if unit is not None:
        figures = _finish(
            campaign,
            today,
            [unit],
            {pk: row},
            {},
            {"id": None, "name": "", **_empty_row()},
            district_median=median,
            body_median=_PEERS,
        )
    else:
        figures = _finish(
            campaign,
            today,
            [],
            {},
            {pk: row},
            {"id": None, "name": "", **_empty_row()},
            district_median=_PEERS,
            body_median=median,
        )
    line = {**row, "as_of": figures.as_of, "median_progress_share": None if median is None else round(median, 4)}
    return line, activity_from(counts.get(f"{scope}{WEEKS}", {})), outcomes_from(metrics)


def district_view(
    campaign: Campaign, member_unit: MemberUnit, today: date
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """``district_figures`` with the district's activity and outcomes, from the running counts:
    ``DISTRICT_FIGURE_QUERIES`` queries. ({}, {}, {}) when ``member_unit`` is not a district of the campaign's
    tenant."""
    if member_unit.tenant_id != campaign.tenant_id or not member_unit.is_district:
        return {}, {}, {}
    unit = {"id": member_unit.pk, "name": member_unit.name, "kind": member_unit.kind}
    return _one_view(campaign, today, kind="d", pk=member_unit.pk, name=member_unit.name, unit=unit)


def body_view(
    campaign: Campaign, body: CertificationBody, today: date
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """``body_figures`` with the body's activity and outcomes, from the running counts: ``BODY_FIGURE_QUERIES``
    queries. ({}, {}, {}) when ``body`` is not of the campaign's tenant."""
    if body.tenant_id != campaign.tenant_id:
        return {}, {}, {}
    return _one_view(campaign, today, kind="b", pk=body.pk, name=body.name, unit=None)


def figures_check(campaign: Campaign, today: date) -> list[str]:
    """Where the running counts disagree with the figures computed from the rows (``computed_figures``): one line
    per differing figure ("districts[3].visits: 12 ≠ 13"), [] when they agree. For tests and
    ``manage.py recount_figures --check``."""
    counted, computed = city_figures(campaign, today).as_dict(), computed_figures(campaign, today).as_dict()
    counted_view = city_view(campaign, today)
    computed_activity, computed_outcomes = activity_by_week(campaign), outcome_figures(campaign)
    counted["activity"], computed["activity"] = counted_view[1], computed_activity
    counted["outcomes"], computed["outcomes"] = counted_view[2], computed_outcomes
    return _differences(counted, computed, "")


def _differences(a: Any, b: Any, path: str) -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in sorted(set(a) | set(b), key=str):
            found += _differences(a.get(key), b.get(key), f"{path}.{key}" if path else str(key))
        return found
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [line for i, (x, y) in enumerate(zip(a, b, strict=True)) for line in _differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r} ≠ {b!r}"]


def _raw_median(rows: list[dict[str, Any]]) -> float | None:
    shares = [row["progress_share"] for row in rows if row["progress_share"] is not None]
    return statistics.median(shares) if shares else None


def _median(rows: list[dict[str, Any]]) -> float | None:
    shares = [row["progress_share"] for row in rows if row["progress_share"] is not None]
    return round(statistics.median(shares), 4) if shares else None
