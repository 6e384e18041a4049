"""总结评估报告 (notice 五(一) 总结评估), city-wide or for one district: outcomes before and after (附件二(四) 量化绩效
指标: revenue 万元, profit margin %, quality-cost rate %, pass rate %, complaints, certificates obtained), trainings,
cases recommended and selected, the certification bodies' evaluation and ranking and the districts' points (五(二),
from ``evaluation.selectors.scorecards``), compliance (kickoff, required trainings, a recommended case and the
summary materials), and an appendix table of every enterprise.

Every count the figures give (funnel, trainings, cases, problems, complaints, rectifications, kickoff, trainings
compliance, who lags) comes from ``evaluation.selectors.figures.city_figures``; this module adds only what the figures
do not hold: the outcome averages, the certificates and the appendix rows (streamed from the database in chunks, a
list per enterprise, so 80,000 enterprises stay a few tens of MB).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from assistance.models import Assignment
from campaign.policy import campaign_starts_on
from enterprises.models import Certificate, Enrolment, EnrolmentState, OutcomeFigures
from enterprises.selectors.outcomes import METRICS
from evaluation.models import BodyRating
from evaluation.selectors.figures import city_figures
from evaluation.selectors.scorecards import body_scorecards, district_scorecards
from reporting.documents._charts import bar_chart
from reporting.documents._common import cover, percent, section_number, write_document, write_with_appendix
from reporting.documents._figures import figure_row, funnel_headers, training_kinds
from reporting.kinds import Progress, ReportKind, ReportScope, register

LABEL = gettext_lazy("Final evaluation report")
# The appendix's columns, in order (a list per enterprise in the snapshot).
APPENDIX_COLUMNS = (
    "name",
    "credit_code",
    "district",
    "body",
    "state",
    "revenue_baseline",
    "revenue_end",
    "pass_rate_baseline",
    "pass_rate_end",
    "certified",
)
CHUNK = 2000
# Appendix rows laid out per WeasyPrint document (``_common.write_with_appendix``): some 25 landscape pages.
APPENDIX_CHUNK = 500


def _number(value: Any) -> float | None:
    return None if value is None else float(round(Decimal(value), 2))


def _regulator(campaign) -> User | None:
    """The report is the regulator's: the evaluation selectors read as one of its users (None: the tenant has none)."""
    return (
        User.objects.filter(
            membership__role=Role.REGULATOR, membership__organisation__tenant_id=campaign.tenant_id, is_active=True
        )
        .order_by("pk")
        .first()
    )


def _outcomes(enrolments, group: str | None) -> dict[Any, dict[str, Any]]:
    """Per ``group`` value (None: one line for all): for each metric, the enrolments with both figures, the average
    before and after (the sum for revenue and complaints). One query."""
    aggregates: dict[str, Any] = {}
    for metric in METRICS:
        both = Q(**{f"outcome__{metric.key}_baseline__isnull": False, f"outcome__{metric.key}_end__isnull": False})
        total = Sum if metric.key in ("revenue", "complaints") else Avg
        aggregates[f"{metric.key}__n"] = Count("pk", filter=both)
        aggregates[f"{metric.key}__before"] = total(f"outcome__{metric.key}_baseline", filter=both)
        aggregates[f"{metric.key}__after"] = total(f"outcome__{metric.key}_end", filter=both)
    query = enrolments.order_by()
    rows = query.values(group).annotate(**aggregates) if group else [query.aggregate(**aggregates)]
    result = {}
    for row in rows:
        result[row.get(group) if group else None] = {
            metric.key: {
                "n": row[f"{metric.key}__n"],
                "before": _number(row[f"{metric.key}__before"]),
                "after": _number(row[f"{metric.key}__after"]),
            }
            for metric in METRICS
        }
    return result


def gather(scope: ReportScope, today: date) -> dict[str, Any]:
    """{"cover", "main" (the figures line of the scope: the city's or the district's), "districts" (figures lines:
    all for the city, its own for a district), "outcomes" {metric: {"n", "before", "after"}} (averages; sums for
    revenue 万元 and complaints) for the scope, "district_outcomes" {district id: same}, "certified" (enterprises of
    the scope with a certificate issued since the campaign began) and "certified_by_district", "bodies" (ranked:
    {"rank", "name", "progress_share", "problems", "complaints", "rating"}; the city report only), "district_points"
    [{"name", "points", "deductions" [text], "submitted"}], "appendix" {"columns", "rows" [list per enterprise]}}."""
    campaign = scope.campaign
    district = scope.district
    figures = city_figures(campaign, today)
    rows = [r for r in figures.districts if district is None or r["id"] == district.pk]
    main = figures.city if district is None else (rows[0] if rows else figures.city)
    enrolments = Enrolment.objects.filter(campaign=campaign)
    if district is not None:
        enrolments = enrolments.filter(enterprise__district=district)
    started = campaign_starts_on(campaign) or date(campaign.year, 1, 1)
    certified = Certificate.objects.filter(enterprise=OuterRef("enterprise_id"), issued_on__gte=started)
    by_district_cert = dict(
        enrolments.filter(Exists(certified))
        .order_by()
        .values("enterprise__district_id")
        .annotate(n=Count("pk"))
        .values_list("enterprise__district_id", "n")
    )
    regulator = _regulator(campaign)
    bodies: list[dict[str, Any]] = []
    points: list[dict[str, Any]] = []
    if regulator is not None:
        if district is None:
            for card in body_scorecards(user=regulator, campaign=campaign, today=today):
                bodies.append(
                    {
                        "rank": card.rank,
                        "name": card.body.name,
                        "enrolments": card.figures["enrolments"],
                        "progress_share": card.figures["progress_share"],
                        "problems": card.figures["problems"],
                        "complaints": card.figures["complaints"]["total"],
                        "overdue": card.rectifications["overdue"],
                        "rating": card.assessment.rating if card.assessment else None,
                    }
                )
        for district_card in district_scorecards(user=regulator, campaign=campaign, today=today):
            if district is not None and district_card.member_unit.pk != district.pk:
                continue
            submission = district_card.submission or {}
            points.append(
                {
                    "name": district_card.member_unit.name,
                    "points": district_card.points,
                    "deductions": [
                        f"{line.deduction.label}（{line.occurrences}）−{line.points}"
                        for line in district_card.deductions
                    ],
                    "submitted": submission.get("state") is not None and submission.get("late_days") is not None,
                    "late_days": submission.get("late_days"),
                }
            )
    return {
        "cover": cover(scope, today),
        "main": main,
        "districts": rows,
        "outcomes": _outcomes(enrolments, None)[None],
        "district_outcomes": {str(k): v for k, v in _outcomes(enrolments, "enterprise__district_id").items()},
        "certified": sum(by_district_cert.values()),
        "certified_by_district": {str(k): v for k, v in by_district_cert.items()},
        "bodies": bodies,
        "district_points": points,
        "appendix": {"columns": list(APPENDIX_COLUMNS), "rows": list(_appendix_rows(enrolments, certified))},
    }


def _appendix_rows(enrolments, certified):
    latest = Assignment.objects.filter(enrolment=OuterRef("pk")).order_by(
        F("ended_at").desc(nulls_first=True), "-assigned_at", "-pk"
    )
    outcome = OutcomeFigures.objects.filter(enrolment=OuterRef("pk"))
    query = (
        enrolments.annotate(
            body_name=Subquery(latest.values("expert__body__name")[:1]),
            certified=Exists(certified),
            rb=Subquery(outcome.values("revenue_baseline")[:1]),
            re=Subquery(outcome.values("revenue_end")[:1]),
            pb=Subquery(outcome.values("pass_rate_baseline")[:1]),
            pe=Subquery(outcome.values("pass_rate_end")[:1]),
        )
        .order_by("enterprise__district__sort_order", "enterprise__district__name", "enterprise__name", "pk")
        .values_list(
            "enterprise__name",
            "enterprise__credit_code",
            "enterprise__district__name",
            "body_name",
            "state",
            "rb",
            "re",
            "pb",
            "pe",
            "certified",
        )
    )
    for name, code, district_name, body, state, rb, re_, pb, pe, cert in query.iterator(chunk_size=CHUNK):
        yield [name, code, district_name, body or "", state, _number(rb), _number(re_), _number(pb), _number(pe), cert]


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _outcome_lines(outcomes: dict[str, Any]) -> list[dict[str, Any]]:
    lines = []
    for metric in METRICS:
        item = outcomes.get(metric.key, {"n": 0, "before": None, "after": None})
        before, after = item["before"], item["after"]
        change = "—"
        if before is not None and after is not None:
            if metric.percent:
                change = _("%(change)s percentage points") % {"change": f"{after - before:+.2f}"}
            elif before:
                change = f"{(after - before) / before * 100:+.1f}%"
        lines.append(
            {
                "label": str(metric.label),
                "unit": str(metric.unit),
                "total": metric.key in ("revenue", "complaints"),
                "n": item["n"],
                "before": _fmt(before, 0 if metric.key == "complaints" else 2),
                "after": _fmt(after, 0 if metric.key == "complaints" else 2),
                "change": change,
            }
        )
    return lines


def write(snapshot: dict[str, Any], handle: IO[bytes], progress: Progress) -> None:
    """The 总结评估报告 PDF from ``gather``'s snapshot."""
    with translation.override("zh-hans"):
        titles = [
            _("Overview"),
            _("Outcomes before and after"),
            _("Trainings"),
            _("Practice cases"),
            _("Evaluation and ranking of the certification bodies"),
            _("Evaluation of the districts"),
            _("Compliance with the notice"),
            _("Appendix: every enterprise"),
        ]
        sections = [(f"s{n}", f"{section_number(n)}、{title}") for n, title in enumerate(titles, start=1)]
        main = figure_row(snapshot["main"])
        districts = [figure_row(row) for row in snapshot["districts"]]
        states = dict(EnrolmentState.choices)
        ratings = dict(BodyRating.choices)
        district_outcomes = snapshot["district_outcomes"]
        by_district = [
            {
                "name": row["name"],
                "enrolments": row["enrolments"],
                "certified": snapshot["certified_by_district"].get(str(row["id"]), 0),
                "lines": _outcome_lines(district_outcomes.get(str(row["id"]), {})),
            }
            for row in snapshot["districts"]
        ]
        columns = snapshot["appendix"]["columns"]
        at = {name: columns.index(name) for name in columns}
        appendix = (
            (
                n,
                row[at["name"]],
                row[at["credit_code"]],
                row[at["district"]],
                row[at["body"]],
                states.get(row[at["state"]], row[at["state"]]),
                _fmt(row[at["revenue_baseline"]]),
                _fmt(row[at["revenue_end"]]),
                _fmt(row[at["pass_rate_baseline"]]),
                _fmt(row[at["pass_rate_end"]]),
                _("yes") if row[at["certified"]] else _("no"),
            )
            for n, row in enumerate(snapshot["appendix"]["rows"], start=1)
        )
        revenue = next(line for line in _outcome_lines(snapshot["outcomes"]) if line["label"] == str(METRICS[0].label))
        chart = ""
        if len(districts) > 1 and any(row["enrolments"] for row in districts):
            chart = bar_chart(
                _("Enterprises enrolled, with results delivered and certified, by district"),
                [row["name"] for row in districts],
                [
                    (_("Enrolled"), [row["enrolments"] for row in districts]),
                    (_("Results delivered or closed"), [row["funnel_cells"][5] for row in districts]),
                    (_("Certified"), [item["certified"] for item in by_district]),
                ],
            )
        context = {
            "kind_label": str(LABEL),
            "sections": sections,
            "appendix_id": sections[-1][0],
            "main": main,
            "districts": districts,
            "district_rows": [*districts, main] if len(districts) > 1 else districts,
            "outcome_lines": _outcome_lines(snapshot["outcomes"]),
            "revenue": revenue,
            "by_district": by_district if len(by_district) > 1 else [],
            "kinds": training_kinds(),
            "funnel_headers": funnel_headers(),
            "bodies": [
                {
                    **b,
                    "share": percent(b["progress_share"]),
                    "rating_text": ratings.get(b["rating"], _("not yet assessed"))
                    if b["rating"]
                    else _("not yet assessed"),
                }
                for b in snapshot["bodies"]
            ],
            "chart": chart,
            "appendix_count": len(snapshot["appendix"]["rows"]),
            "appendix_headers": [
                _("revenue before (10k yuan)"),
                _("revenue after (10k yuan)"),
                _("product pass rate before (%)"),
                _("product pass rate after (%)"),
            ],
        }
        if not context["appendix_count"]:
            write_document("reporting/documents/final.html", snapshot, handle, progress, **context)
            return
        write_with_appendix(
            "reporting/documents/final.html",
            "reporting/documents/final_appendix.html",
            snapshot,
            appendix,
            handle,
            progress,
            chunk=APPENDIX_CHUNK,
            total_rows=len(snapshot["appendix"]["rows"]),
            **context,
        )


KIND = register(
    ReportKind(
        key="final",
        label=LABEL,
        scopes=("city", "district"),
        extension="pdf",
        gather=gather,
        write=write,
        roles=(Role.REGULATOR, Role.MEMBER_UNIT),
    )
)
