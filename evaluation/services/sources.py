"""What each source adds to the running counts of the figures (``evaluation.services.counts``; the metrics and
scopes are listed there): an enrolment, a training, an enterprise's attendance in a campaign, a rectification
request. Each function reads many sources of one kind in a fixed number of queries and returns
{"<kind>:<id>": (campaign id, {"<scope>|<metric>": number})} for those that exist."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractIsoYear, ExtractWeek

from assistance.models import Assignment, Problem, Training, Visit
from campaign.models import MemberUnitKind
from enterprises.models import Case, Complaint, Enrolment, OutcomeFigures
from enterprises.models.complaints import ComplaintOutcome, ComplaintState
from evaluation.models.counts import CITY, WEEKS
from evaluation.selectors.figures.lines import SOLVED_PROBLEM_STATES
from evaluation.selectors.figures.restrictions import enrolment_body
from supervision.models import RectificationRequest
from supervision.models.rectifications import RectificationState

Counts = dict[str, int | Decimal]


def _weekly(scopes: list[str]) -> list[str]:
    """Where the per-week counts of ``scopes`` are kept: beside them ("c/w", "d:<id>/w", …), so that a read of the
    scopes' figures (the city's rows) is an index range that does not pass over the weeks."""
    return [f"{scope}{WEEKS}" for scope in scopes]


def _week(year: int, week: int) -> str:
    return f"{year}-W{week:02d}"


def _add(counts: Counts, scopes: Iterable[str], metric: str, value: int | Decimal = 1) -> None:
    for scope in scopes:
        key = f"{scope}|{metric}"
        counts[key] = counts.get(key, 0) + value


def _scopes(district_id: int | None, district_kinds: dict[int, str], body_id: int | None) -> list[str]:
    scopes = [CITY]
    if district_id is not None and district_kinds.get(district_id) == MemberUnitKind.DISTRICT:
        scopes.append(f"d:{district_id}")
    if body_id is not None:
        scopes.append(f"b:{body_id}")
    return scopes


def district_kinds(tenant_ids: Iterable[int]) -> dict[int, str]:
    from campaign.models import MemberUnit

    return dict(MemberUnit.objects.filter(tenant_id__in=set(tenant_ids)).values_list("pk", "kind"))


# --- what each kind of source contributes (a fixed number of queries per kind, whatever the number of sources) ------


def enrolment_sources(ids: list[int], kinds: dict[int, str]) -> dict[str, tuple[int, Counts]]:
    """{"enrolment:<id>": (campaign id, counts)} for the enrolments that exist (7 queries)."""
    rows = list(
        Enrolment.objects.filter(pk__in=ids)
        .annotate(body_id=enrolment_body(), was_assigned=Exists(Assignment.objects.filter(enrolment=OuterRef("pk"))))
        .values("pk", "campaign_id", "state", "enterprise_id", "enterprise__district_id", "body_id", "was_assigned")
    )
    found: dict[str, tuple[int, Counts]] = {}
    scopes_of: dict[int, list[str]] = {}
    district_of: dict[int, int | None] = {}
    by_enterprise: dict[tuple[int, int], int] = {}
    for row in rows:
        counts: Counts = {}
        scopes = _scopes(row["enterprise__district_id"], kinds, row["body_id"])
        scopes_of[row["pk"]] = scopes
        district_of[row["pk"]] = row["enterprise__district_id"]
        by_enterprise[(row["enterprise_id"], row["campaign_id"])] = row["pk"]
        _add(counts, scopes, f"funnel:{row['state']}")
        if row["was_assigned"]:
            _add(counts, scopes, "assisted")
        found[f"enrolment:{row['pk']}"] = (row["campaign_id"], counts)
    if not rows:
        return found

    def counts_of(enrolment_id: int) -> Counts:
        return found[f"enrolment:{enrolment_id}"][1]

    visits = (
        Visit.objects.filter(enrolment_id__in=scopes_of)
        .annotate(iso_year=ExtractIsoYear("visited_on"), iso_week=ExtractWeek("visited_on"))
        .order_by()
        .values_list("enrolment_id", "expert__body_id", "iso_year", "iso_week")
        .annotate(n=Count("pk"))
    )
    for enrolment_id, body_id, year, week, n in visits:
        scopes = _scopes(district_of[enrolment_id], kinds, body_id)
        _add(counts_of(enrolment_id), scopes, "visits", n)
        _add(counts_of(enrolment_id), _weekly(scopes), f"visits_week:{_week(year, week)}", n)

    problems = (
        Problem.objects.filter(diagnosis__enrolment_id__in=scopes_of)
        .order_by()
        .values_list("diagnosis__enrolment_id", "status")
        .annotate(n=Count("pk"))
    )
    for enrolment_id, status, n in problems:
        _add(counts_of(enrolment_id), scopes_of[enrolment_id], "problems:found", n)
        if status in SOLVED_PROBLEM_STATES:
            _add(counts_of(enrolment_id), scopes_of[enrolment_id], "problems:solved", n)

    cases = (
        Case.objects.filter(enrolment_id__in=scopes_of)
        .order_by()
        .values_list("enrolment_id", "state")
        .annotate(n=Count("pk"))
    )
    for enrolment_id, state, n in cases:
        _add(counts_of(enrolment_id), scopes_of[enrolment_id], f"case:{state}", n)

    complaints = (
        Complaint.objects.filter(enterprise_id__in={e for e, _ in by_enterprise})
        .order_by()
        .values_list("enterprise_id", "body_id", "state", "outcome")
        .annotate(n=Count("pk"))
    )
    campaigns_of: dict[int, list[int]] = defaultdict(list)
    for enterprise_id, campaign_id in by_enterprise:
        campaigns_of[enterprise_id].append(campaign_id)
    for enterprise_id, body_id, state, outcome, n in complaints:
        if state != ComplaintState.CLOSED:
            ended = "open"
        else:
            ended = outcome if outcome in ComplaintOutcome.values else "unrecorded"
        for campaign_id in campaigns_of[enterprise_id]:
            enrolment_id = by_enterprise[(enterprise_id, campaign_id)]
            scopes = _scopes(district_of[enrolment_id], kinds, body_id)
            _add(counts_of(enrolment_id), scopes, "complaints:total", n)
            _add(counts_of(enrolment_id), scopes, f"complaints:{ended}", n)

    fields = [f"{metric}_{end}" for metric in OutcomeFigures.METRICS for end in ("baseline", "end")]
    for outcome in OutcomeFigures.objects.filter(enrolment_id__in=scopes_of).values("enrolment_id", *fields):
        counts = counts_of(outcome["enrolment_id"])
        scopes = scopes_of[outcome["enrolment_id"]]
        _add(counts, scopes, "outcome:recorded")
        for metric in OutcomeFigures.METRICS:
            before, after = outcome[f"{metric}_baseline"], outcome[f"{metric}_end"]
            if before is None or after is None:
                continue
            _add(counts, scopes, f"outcome:{metric}:n")
            _add(counts, scopes, f"outcome:{metric}:before", Decimal(before))
            _add(counts, scopes, f"outcome:{metric}:after", Decimal(after))
    return found


def training_sources(
    ids: list[int], kinds: dict[int, str], body_by_org: dict[int, int]
) -> dict[str, tuple[int, Counts]]:
    """{"training:<id>": (campaign id, counts)} for the trainings that exist (1 query)."""
    found: dict[str, tuple[int, Counts]] = {}
    rows = (
        Training.objects.filter(pk__in=ids)
        .annotate(iso_year=ExtractIsoYear("held_on"), iso_week=ExtractWeek("held_on"))
        .values_list("pk", "campaign_id", "district_id", "organiser_id", "kind", "person_times", "iso_year", "iso_week")
    )
    for pk, campaign_id, district_id, organiser_id, kind, people, year, week in rows:
        counts: Counts = {}
        scopes = _scopes(district_id, kinds, body_by_org.get(organiser_id))
        week_key = _week(year, week)
        _add(counts, scopes, f"training:{kind}:count")
        _add(counts, scopes, f"training:{kind}:people", people or 0)
        _add(counts, _weekly(scopes), f"trainings_week:{week_key}:count")
        _add(counts, _weekly(scopes), f"trainings_week:{week_key}:people", people or 0)
        found[f"training:{pk}"] = (campaign_id, counts)
    return found


def reach_sources(pairs: list[tuple[int, int]], kinds: dict[int, str], body_by_org: dict[int, int]):
    """{"reach:<campaign>:<enterprise>": (campaign id, counts)} for (campaign id, enterprise id) pairs that attended
    a training of the campaign (1 query)."""
    campaigns = {c for c, _ in pairs}
    enterprises = {e for _, e in pairs}
    wanted = set(pairs)
    scopes: dict[tuple[int, int], set[tuple[str, str]]] = defaultdict(set)
    attendance = (
        Training.enterprises.through.objects.filter(training__campaign_id__in=campaigns, enterprise_id__in=enterprises)
        .order_by()
        .values_list(
            "training__campaign_id",
            "enterprise_id",
            "training__district_id",
            "training__organiser_id",
            "training__kind",
        )
        .distinct()
    )
    for campaign_id, enterprise_id, district_id, organiser_id, kind in attendance:
        if (campaign_id, enterprise_id) in wanted:
            for scope in _scopes(district_id, kinds, body_by_org.get(organiser_id)):
                scopes[(campaign_id, enterprise_id)].add((scope, kind))
    found: dict[str, tuple[int, Counts]] = {}
    for (campaign_id, enterprise_id), reached in scopes.items():
        counts: Counts = {}
        for scope, kind in reached:
            _add(counts, [scope], f"reached:{kind}")
        for scope in {scope for scope, _ in reached}:
            _add(counts, [scope], "reached:*")
        found[f"reach:{campaign_id}:{enterprise_id}"] = (campaign_id, counts)
    return found


def rectification_sources(ids: list[int], kinds: dict[int, str]) -> dict[str, tuple[int, Counts]]:
    """{"rect:<id>": (campaign id, counts)} for the requests that exist (1 query)."""
    found: dict[str, tuple[int, Counts]] = {}
    rows = RectificationRequest.objects.filter(pk__in=ids).values_list(
        "pk", "campaign_id", "member_unit_id", "body_id", "enterprise__district_id", "state", "due_on"
    )
    for pk, campaign_id, member_unit_id, body_id, enterprise_district_id, state, due_on in rows:
        counts: Counts = {}
        scopes = _scopes(member_unit_id or enterprise_district_id, kinds, body_id)
        _add(counts, scopes, "rect:total")
        if state == RectificationState.CLOSED:
            _add(counts, scopes, "rect:closed")
        else:
            _add(counts, scopes, "rect:open")
            _add(counts, scopes, f"rect:open_due:{due_on.isoformat()}")
        found[f"rect:{pk}"] = (campaign_id, counts)
    return found
