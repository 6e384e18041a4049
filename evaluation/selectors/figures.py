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
- ``complaints``: {"total": complaints, "open": not closed}; a district counts the complaints of its enterprises, a
  body the complaints against it.
- ``rectifications``: the supervision's rectification requests (``supervision.selectors.rectifications.
  rectification_counts``) {"total", "open" (not closed), "overdue" (open and due before ``today``), "closed"}; a
  district counts those asked of the member unit itself and of its enterprises, a body those asked of it;
  ``rectifications_open`` repeats "open".
- District rows only: ``kickoff`` {"held_on": ISO date or None, "standing": ``campaign.policy.KickoffStanding``
  value} (R9) and ``r8`` {"by_kind": {kind: trainings held}, "missing": [required kinds not held], "compliant": bool}.
- Body rows: the enrolments counted are those whose current assignment (or, with none current, the latest ended
  one) is to one of the body's experts; its visits are its experts' visits, its trainings those it organised.
- ``lagging``: list of reason codes (``LAG_REASONS``), empty when the row does not lag (see ``lagging``).

Query cost: a fixed number of queries whatever the number of districts, bodies, enterprises, visits or trainings
(``FIGURE_QUERIES``): aggregates with ``values().annotate()``, never a query per row.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from assistance.models import Assignment, CertificationBody, Problem, Training, Visit
from assistance.models.diagnosis import ProblemStatus
from assistance.models.trainings import TrainingKind
from assistance.policy import missing_training_kinds
from campaign.models import Campaign, Deadline, DeadlineKind, KickoffMeeting, MemberUnit, MemberUnitKind
from campaign.policy import KickoffStanding, kickoff_standing
from enterprises.models import Case, CaseState, Complaint, Enrolment, EnrolmentState, Enterprise
from enterprises.models.complaints import ComplaintState
from supervision.models import RectificationRequest
from supervision.selectors.rectifications import rectification_counts

# The number of queries one ``city_figures`` call runs (asserted in tests/evaluation/test_figures.py).
FIGURE_QUERIES = 13

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
    return {kind: {"count": 0, "enterprises": 0, "person_times": 0} for kind in TrainingKind.values}


def _empty_row() -> dict[str, Any]:
    return {
        "funnel": {state: 0 for state in EnrolmentState.values},
        "enrolments": 0,
        "assisted": 0,
        "progress_share": None,
        "visits": 0,
        "visits_per_assisted": None,
        "trainings": _empty_trainings(),
        "training_totals": {"count": 0, "enterprises": 0, "person_times": 0},
        "problems": {"found": 0, "solved": 0, "open": 0},
        "cases": {"written": 0, "submitted": 0, "recommended": 0, "selected": 0},
        "complaints": {"total": 0, "open": 0},
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


def _enrolment_body():
    """The body an enrolment counts for: its current assignment's expert's body, else its latest ended one's."""
    latest = Assignment.objects.filter(enrolment=OuterRef("pk")).order_by(
        F("ended_at").desc(nulls_first=True), "-assigned_at", "-pk"
    )
    return Subquery(latest.values("expert__body_id")[:1])


def _body_through(prefix: str):
    """``_enrolment_body`` for a row that reaches its enrolment by ``prefix`` (e.g. "diagnosis__enrolment")."""
    latest = Assignment.objects.filter(enrolment=OuterRef(prefix)).order_by(
        F("ended_at").desc(nulls_first=True), "-assigned_at", "-pk"
    )
    return Subquery(latest.values("expert__body_id")[:1])


def _finish_row(row: dict[str, Any], progress_states: Iterable[str], *, body: bool) -> None:
    funnel = row["funnel"]
    row["enrolments"] = sum(funnel.values())
    done = sum(funnel[state] for state in progress_states)
    base = row["enrolments"] if body else row["enrolments"] - funnel[EnrolmentState.REJECTED]
    row["progress_share"] = _share(done, base)
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


def lagging(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
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
    rows' order.
    """
    shares = [row["progress_share"] for row in rows if row["progress_share"] is not None]
    median = statistics.median(shares) if shares else None
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
    docstring for every figure and its unit. ``FIGURE_QUERIES`` queries whatever the size of the campaign.
    """
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

    def rows_for(district_id: int | None, body_id: int | None) -> list[dict[str, Any]]:
        found = [city]
        if district_id is not None and district_id in districts:
            found.append(districts[district_id])
        if body_id is not None and body_id in body_rows:
            found.append(body_rows[body_id])
        return found

    # 1. The funnel, and who is assisted, per district and per body in one aggregate.
    assigned = Assignment.objects.filter(enrolment=OuterRef("pk"))
    funnel = (
        Enrolment.objects.filter(campaign=campaign)
        .annotate(body_id=_enrolment_body(), was_assigned=Exists(assigned))
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
        .annotate(body_id=_body_through("diagnosis__enrolment"))
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
        .annotate(body_id=_body_through("enrolment"))
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
        .values("enterprise__district_id", "body_id", "state")
        .annotate(n=Count("pk"))
    )
    for k_item in complaints:
        for row in rows_for(k_item["enterprise__district_id"], k_item["body_id"]):
            row["complaints"]["total"] += k_item["n"]
            if k_item["state"] != ComplaintState.CLOSED:
                row["complaints"]["open"] += k_item["n"]

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

    # 11–12. R9: the kickoff deadline and the kickoffs held.
    deadline = Deadline.objects.filter(campaign=campaign, kind=DeadlineKind.KICKOFF).values_list("due_on", flat=True)
    due_on = next(iter(deadline), None)
    held = dict(KickoffMeeting.objects.filter(campaign=campaign).order_by().values_list("member_unit_id", "held_on"))
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
        lagging_districts=lagging(district_list),
        lagging_bodies=lagging(body_list),
        lagging_rule={"districts": str(LAGGING_RULE_DISTRICTS), "bodies": str(LAGGING_RULE_BODIES)},
    )


def district_figures(campaign: Campaign, member_unit: MemberUnit, today: date) -> dict[str, Any]:
    """One district's line of ``city_figures`` (the same computation, so the two never disagree), with the city
    median of the progress share it is compared to; {} when ``member_unit`` is not a district of the campaign's
    tenant. For callers that have authorised the reader for this district."""
    figures = city_figures(campaign, today)
    row = figures.district(member_unit.pk)
    if row is None:
        return {}
    return {**row, "as_of": figures.as_of, "median_progress_share": _median(figures.districts)}


def body_figures(campaign: Campaign, body: CertificationBody, today: date) -> dict[str, Any]:
    """One certification body's line of ``city_figures``, with the median progress share of the bodies it is
    compared to; {} when ``body`` is not of the campaign's tenant. For callers authorised for this body."""
    figures = city_figures(campaign, today)
    row = figures.body(body.pk)
    if row is None:
        return {}
    return {**row, "as_of": figures.as_of, "median_progress_share": _median(figures.bodies)}


def _median(rows: list[dict[str, Any]]) -> float | None:
    shares = [row["progress_share"] for row in rows if row["progress_share"] is not None]
    return round(statistics.median(shares), 4) if shares else None
