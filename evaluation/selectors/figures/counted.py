"""The figures read from the running counts (``evaluation.models.counts.FigureCount``): the city's lines
(``city_figures``), one district's (``district_figures``) and one body's (``body_figures``), and the dashboards'
views of them with the scope's activity and outcomes (``city_view``, ``district_view``, ``body_view``), each in a
fixed number of queries whatever the size of the campaign."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection

from assistance.models import CertificationBody
from campaign.models import Campaign, KickoffMeeting, MemberUnit, MemberUnitKind
from enterprises.models import CaseState, EnrolmentState
from evaluation.models.counts import COUNTED, META, WEEKS
from portal.sql import Columns, column, once

from .lines import (
    _PEERS,
    _TRAINING_KINDS,
    BODY_PROGRESS_STATES,
    DISTRICT_PROGRESS_STATES,
    RECOMMENDED_CASE_STATES,
    SUBMITTED_CASE_STATES,
    CityFigures,
    _empty_row,
    _finish,
    _progress_share,
    _raw_median,
    kickoff_join_sql,
)

# The number of queries one ``city_figures`` call runs (asserted in tests/evaluation/test_figures.py): the member
# units with their kickoffs and the bodies (one query), the running counts and the kickoff deadline (none when the
# campaign comes with its deadlines).
FIGURE_QUERIES = 3
# One district's figures: its counts with its peers' funnels (for the median), and R9 (the kickoff deadline and the
# kickoff held, the second not when the caller read it with the district's row). A body's: its counts with its
# peers' funnels.
DISTRICT_FIGURE_QUERIES = 3
BODY_FIGURE_QUERIES = 1


def city_figures(campaign: Campaign, today: date) -> CityFigures:
    """The figures of ``campaign`` on ``today`` per district, per certification body and for the city.

    For callers that already may read the whole campaign (the regulator; a job acting for it); see the package
    docstring for every figure and its unit. Read from the running counts (``evaluation.services.counts``):
    ``FIGURE_QUERIES`` queries whatever the size of the campaign.
    """
    return city_view(campaign, today)[0]


def district_figures(campaign: Campaign, member_unit: MemberUnit, today: date) -> dict[str, Any]:
    """One district's line of ``city_figures`` (the same counts, so the two never disagree), with the city median
    of the progress share it is compared to; {} when ``member_unit`` is not a district of the campaign's tenant. For
    callers that have authorised the reader for this district."""
    return district_view(campaign, member_unit, today)[0]


def body_figures(campaign: Campaign, body: CertificationBody, today: date) -> dict[str, Any]:
    """One certification body's line of ``city_figures``, with the median progress share of the bodies it is
    compared to; {} when ``body`` is not of the campaign's tenant. For callers authorised for this body."""
    return body_view(campaign, body, today)[0]


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


class _Roster:
    """``_roster``'s hand-written query (``portal.sql``): the units with their kickoffs, then the bodies; ordered by
    part (units first), then the units' sort order, then name and id."""

    def __init__(self) -> None:
        self.unit = Columns(MemberUnit, "u", only=["id", "name", "kind", "sort_order"])
        self.kickoff = Columns(KickoffMeeting, "k", only=["held_on"])
        self.body = Columns(CertificationBody, "b", only=["id", "name"])
        self.sql = (
            f"SELECT 0, {self.unit.sql}, {self.kickoff.sql} FROM {self.unit.table} u {kickoff_join_sql()} "
            f"WHERE u.{column(MemberUnit, 'tenant')} = %s "
            f"UNION ALL SELECT 1, {self.body.sql}, NULL, NULL, NULL FROM {self.body.table} b "
            f"WHERE b.{column(CertificationBody, 'tenant')} = %s ORDER BY 1, 5, 3, 2"
        )


def _roster(campaign: Campaign) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[int, date]]:
    """The campaign's tenant's member units ({"id", "name", "kind"}, in sort order), its certification bodies ({"id",
    "name"}, by name) and the kickoffs held ({member unit id: date held}), in one query.

    Hand-written (``portal.sql``): every city figure computed afresh pays it (the city dashboard, the reports, the
    scorecards), and its three ORM queries took 0.8 ms against 0.3 ms (in-process, the national data set)."""
    roster = once(_Roster)
    tenant_id = campaign.tenant_id
    with connection.cursor() as cursor:
        cursor.execute(roster.sql, [campaign.pk, tenant_id, tenant_id])
        rows = cursor.fetchall()
    units, bodies, held = [], [], {}
    unit_end = 1 + roster.unit.width
    for row in rows:
        if row[0] == 0:
            pk, name, kind, _order = roster.unit.convert(row[1:unit_end])
            units.append({"id": pk, "name": name, "kind": kind})
            (held_on,) = roster.kickoff.convert(row[unit_end:])
            if held_on is not None:
                held[pk] = held_on
        else:
            pk, name = roster.body.convert(row[1 : 1 + roster.body.width])
            bodies.append({"id": pk, "name": name})
    return units, bodies, held


def city_view(campaign: Campaign, today: date) -> tuple[CityFigures, dict[str, Any], dict[str, Any]]:
    """``city_figures`` with the city's activity and outcomes, from the running counts: ``FIGURE_QUERIES``
    queries."""
    units, bodies, held = _roster(campaign)
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
    figures = _finish(
        campaign, today, units, districts, body_rows, city, district_median=_PEERS, body_median=_PEERS, held=held
    )
    return figures, activity_from(counts.get(f"c{WEEKS}", {})), outcomes_from(counts.get("c", {}))


def _one_view(
    campaign: Campaign,
    today: date,
    *,
    kind: str,
    pk: int,
    name: str,
    unit: dict[str, Any] | None,
    held: dict[int, date] | None = None,
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
            held=held,
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


_READ = object()  # ``district_view``'s default: read the district's kickoff


def district_view(
    campaign: Campaign, member_unit: MemberUnit, today: date, *, kickoff_held_on: Any = _READ
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """``district_figures`` with the district's activity and outcomes, from the running counts:
    ``DISTRICT_FIGURE_QUERIES`` queries, one fewer when the caller read the district's kickoff with its row
    (``kickoff_held_on``: the date it was held, or None when none is recorded). ({}, {}, {}) when ``member_unit`` is
    not a district of the campaign's tenant."""
    if member_unit.tenant_id != campaign.tenant_id or not member_unit.is_district:
        return {}, {}, {}
    unit = {"id": member_unit.pk, "name": member_unit.name, "kind": member_unit.kind}
    held = None
    if kickoff_held_on is not _READ:
        held = {} if kickoff_held_on is None else {member_unit.pk: kickoff_held_on}
    return _one_view(campaign, today, kind="d", pk=member_unit.pk, name=member_unit.name, unit=unit, held=held)


def body_view(
    campaign: Campaign, body: CertificationBody, today: date
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """``body_figures`` with the body's activity and outcomes, from the running counts: ``BODY_FIGURE_QUERIES``
    queries. ({}, {}, {}) when ``body`` is not of the campaign's tenant."""
    if body.tenant_id != campaign.tenant_id:
        return {}, {}, {}
    return _one_view(campaign, today, kind="b", pk=body.pk, name=body.name, unit=None)
