"""The figures computed from the rows themselves (``computed_figures``: aggregates over the campaign's enrolments,
visits, trainings and attendance, problems, cases, complaints and rectification requests), and the check of the
running counts against them (``figures_check``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Sum

from assistance.models import Assignment, CertificationBody, Problem, Training, Visit
from campaign.models import Campaign, MemberUnit, MemberUnitKind
from enterprises.models import Case, Complaint, Enrolment, Enterprise
from enterprises.models.complaints import ComplaintOutcome, ComplaintState
from supervision.models import RectificationRequest
from supervision.selectors.rectifications import rectification_counts

from .activity import activity_by_week
from .counted import city_figures, city_view
from .lines import _PEERS, SOLVED_PROBLEM_STATES, CityFigures, _add_cases, _empty_row, _finish
from .outcomes import outcome_figures
from .restrictions import body_through, enrolment_body

# ``computed_figures``: every aggregate over the rows.
COMPUTED_FIGURE_QUERIES = 13


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
