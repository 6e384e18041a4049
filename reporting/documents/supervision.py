"""督导报告: one supervision round (notice 四(二) 现场督导) — the districts, enterprises and certification bodies
visited, what was found, the rectification requests and their status, and the campaign's progress figures on the
round's last day (from ``evaluation.selectors.figures``, never counted here)."""

from __future__ import annotations

from datetime import date
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from enterprises.models import EnrolmentState
from evaluation.selectors.figures import LAG_REASONS, city_figures
from reporting.documents._charts import bar_chart
from reporting.documents._common import cover, percent, section_number, write_document
from reporting.kinds import Progress, ReportKind, ReportScope, register
from supervision.models import PartyKind, RectificationRequest, RectificationState, SupervisionVisit

LABEL = gettext_lazy("Supervision report")


def _party(row) -> tuple[str, str, str]:
    """(party kind, party name, district name) of a visit or a request."""
    if row.member_unit_id:
        return PartyKind.MEMBER_UNIT, row.member_unit.name, row.member_unit.name
    if row.enterprise_id:
        return PartyKind.ENTERPRISE, row.enterprise.name, row.enterprise.district.name
    return PartyKind.BODY, row.body.name, ""


def gather(scope: ReportScope, today: date) -> dict[str, Any]:
    """The round's snapshot: {"cover", "round" {"title", "starts_on", "ends_on", "state"}, "visited" {party kind:
    distinct parties}, "visits" [{"on", "kind", "party", "district", "observations", "findings"}], "requests"
    [{"kind", "party", "asked", "due_on", "state", "overdue"}], "request_counts" {state: n, "total", "overdue"},
    "figures" (``city_figures(...).as_dict()`` on the round's last day, or ``today`` while it runs)}. Internal notes
    of a visit are the regulator's own and never printed. Raises ValueError without a round in the scope."""
    round_ = scope.round
    if round_ is None:
        raise ValueError("the supervision report is made for one supervision round")
    on = min(round_.ends_on or today, today)
    related = ("member_unit", "enterprise__district", "body")
    visits = []
    parties: dict[str, set[str]] = {kind: set() for kind in PartyKind.values}
    for visit in SupervisionVisit.objects.filter(round=round_).select_related(*related).order_by("visited_on", "pk"):
        kind, name, district = _party(visit)
        parties[kind].add(name)
        visits.append(
            {
                "on": visit.visited_on.isoformat(),
                "kind": kind,
                "party": name,
                "district": district,
                "observations": visit.observations,
                "findings": visit.findings,
            }
        )
    requests = []
    counts: dict[str, int] = {state: 0 for state in RectificationState.values}
    overdue = 0
    for request in (
        RectificationRequest.objects.filter(visit__round=round_).select_related(*related).order_by("due_on", "pk")
    ):
        kind, name, _district = _party(request)
        late = request.state != RectificationState.CLOSED and request.due_on < today
        overdue += late
        counts[request.state] += 1
        requests.append(
            {
                "kind": kind,
                "party": name,
                "asked": request.asked,
                "due_on": request.due_on.isoformat(),
                "state": request.state,
                "overdue": late,
            }
        )
    return {
        "cover": cover(scope, today, as_of=on),
        "round": {
            "title": round_.title,
            "starts_on": round_.starts_on.isoformat(),
            "ends_on": round_.ends_on.isoformat() if round_.ends_on else None,
            "state": round_.state,
        },
        "visited": {kind: len(names) for kind, names in parties.items()},
        "visits": visits,
        "requests": requests,
        "request_counts": {**counts, "total": len(requests), "overdue": overdue},
        "figures": city_figures(scope.campaign, on).as_dict(),
    }


def write(snapshot: dict[str, Any], handle: IO[bytes], progress: Progress) -> None:
    """The 督导报告 PDF from ``gather``'s snapshot."""
    with translation.override("zh-hans"):
        titles = [
            _("Overview of the supervision"),
            _("Visits and findings"),
            _("Rectification requests"),
            _("Progress of the campaign"),
        ]
        sections = [(f"s{n}", f"{section_number(n)}、{title}") for n, title in enumerate(titles, start=1)]
        kinds = dict(PartyKind.choices)
        states = dict(RectificationState.choices)
        visits = [{**v, "kind_label": kinds.get(v["kind"], v["kind"])} for v in snapshot["visits"]]
        requests = [
            {**r, "kind_label": kinds.get(r["kind"], r["kind"]), "state_label": states.get(r["state"], r["state"])}
            for r in snapshot["requests"]
        ]
        figures = snapshot["figures"]
        districts = [
            {
                **row,
                "share": percent(row["progress_share"]),
                "operating": sum(row["funnel"].get(s, 0) for s in _OPERATING),
                "lag_text": "、".join(str(LAG_REASONS[code]) for code in row["lagging"] if code in LAG_REASONS),
            }
            for row in figures["districts"]
        ]
        chart = ""
        if any(row["progress_share"] is not None for row in figures["districts"]):
            chart = bar_chart(
                _("Share of enterprises in operation or beyond, by district (%)"),
                [row["name"] for row in figures["districts"]],
                [(_("Share (%)"), [round((row["progress_share"] or 0) * 100, 1) for row in figures["districts"]])],
            )
        write_document(
            "reporting/documents/supervision.html",
            snapshot,
            handle,
            progress,
            kind_label=str(LABEL),
            sections=sections,
            visits=visits,
            requests=requests,
            districts=districts,
            city=figures["city"],
            city_share=percent(figures["city"]["progress_share"]),
            chart=chart,
            round_end=snapshot["round"]["ends_on"] or _("today"),
            state_labels=[(states[s], snapshot["request_counts"].get(s, 0)) for s in RectificationState.values],
        )


_OPERATING = (EnrolmentState.OPERATING, EnrolmentState.REVIEWED, EnrolmentState.RESULTS, EnrolmentState.CLOSED)

KIND = register(
    ReportKind(
        key="supervision",
        label=LABEL,
        scopes=("round",),
        extension="pdf",
        gather=gather,
        write=write,
        roles=(Role.REGULATOR,),
    )
)
