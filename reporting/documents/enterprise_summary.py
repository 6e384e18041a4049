"""《企业实施情况及成效总结》 draft (notice 附件二(四); 五(一)): a Word document filled from the enterprise's own
records in one campaign — its particulars, the assistance it had (expert, visits, trainings), the problems found in
diagnosis and how they were solved, its outcome figures before and after, certificates and cases — with headings
left for the enterprise to write in. It downloads the draft, edits it and uploads it as its summary
(``enterprises.ImplementationSummary``)."""

from __future__ import annotations

from datetime import date
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from accounts.models import Role
from assistance.models import Assignment, Problem, Training, Visit
from assistance.models.diagnosis import ProblemStatus
from assistance.models.trainings import TrainingKind
from assistance.models.visits import VisitKind
from campaign.policy import campaign_starts_on
from enterprises.models import Case, CaseState, Certificate, EnrolmentState, OutcomeFigures
from enterprises.selectors.outcomes import outcome_rows
from reporting.documents._common import chinese_date, cover
from reporting.documents._pdf import SANS_FONT, SERIF_FONT
from reporting.kinds import Progress, ReportKind, ReportScope, register

LABEL = gettext_lazy("Implementation and results summary (draft)")
SOLVED = (ProblemStatus.SOLVED, ProblemStatus.VERIFIED)


def gather(scope: ReportScope, today: date) -> dict[str, Any]:
    """{"cover", "enterprise" {"name", "credit_code", "district", "address", "employees", "contact"}, "state",
    "operation_started_on", "expert" {"name", "body"} or None, "visits" [{"on", "kind"}], "trainings" [{"on",
    "kind", "topic"}], "problems" [{"category", "description", "status", "solved", "solution"}], "outcomes"
    [{"metric", "unit", "before", "after", "change"}] (text, ``enterprises.selectors.outcomes.outcome_rows``),
    "certificates" [{"number", "body", "issued_on"}], "cases" [{"title", "state"}]}. Raises ValueError without an
    enrolment in the scope."""
    enrolment = scope.enrolment
    if enrolment is None:
        raise ValueError("the summary draft is made for one enterprise's enrolment")
    enterprise = enrolment.enterprise
    assignment = (
        Assignment.objects.filter(enrolment=enrolment)
        .select_related("expert__user", "expert__body")
        .order_by("ended_at", "-assigned_at", "-pk")
        .first()
    )
    outcome = OutcomeFigures.objects.filter(enrolment=enrolment).first()
    started = campaign_starts_on(scope.campaign) or date(scope.campaign.year, 1, 1)
    with translation.override("zh-hans"):
        outcomes = [
            {
                "metric": str(row.metric.label),
                "unit": str(row.metric.unit),
                "before": "" if row.baseline is None else str(row.baseline),
                "after": "" if row.end is None else str(row.end),
                "change": row.change,
            }
            for row in outcome_rows(outcome)
        ]
    return {
        "cover": cover(scope, today),
        "enterprise": {
            "name": enterprise.name,
            "credit_code": enterprise.credit_code,
            "district": enterprise.district.name,
            "address": enterprise.address,
            "employees": enterprise.employees,
            "contact": enterprise.contact_name,
        },
        "state": enrolment.state,
        "operation_started_on": enrolment.operation_started_on.isoformat() if enrolment.operation_started_on else None,
        "expert": (
            {
                "name": assignment.expert.user.get_full_name() or assignment.expert.user.username,
                "body": assignment.expert.body.name,
            }
            if assignment
            else None
        ),
        "visits": [
            {"on": v.visited_on.isoformat(), "kind": v.kind}
            for v in Visit.objects.filter(enrolment=enrolment).order_by("visited_on", "pk")
        ],
        "trainings": [
            {"on": t.held_on.isoformat(), "kind": t.kind, "topic": t.topic}
            for t in Training.objects.filter(campaign=scope.campaign, enterprises=enterprise).order_by("held_on", "pk")
        ],
        "problems": [
            {
                "category": p.category,
                "description": p.description,
                "solved": p.status in SOLVED,
                "solution": p.solution_note,
            }
            for p in Problem.objects.filter(diagnosis__enrolment=enrolment).order_by("pk")
        ],
        "outcomes": outcomes,
        "certificates": [
            {"number": c.number, "body": c.issuing_body, "issued_on": c.issued_on.isoformat()}
            for c in Certificate.objects.filter(enterprise=enterprise, issued_on__gte=started).order_by("issued_on")
        ],
        "cases": [
            {"title": c.title, "state": c.state}
            for c in Case.objects.filter(enrolment=enrolment).order_by("created_at")
        ],
    }


def _font(run, *, heading: bool = False, size: float | None = None) -> None:
    """Name the SC font for Latin and East-Asian text alike (Word picks the East-Asian one from w:eastAsia)."""
    name = SANS_FONT if heading else SERIF_FONT
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)


def _paragraph(document, text: str, *, heading: bool = False, size: float = 12, center: bool = False):
    paragraph = document.add_paragraph()
    _font(paragraph.add_run(text), heading=heading, size=size)
    if heading:
        paragraph.runs[0].bold = True
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _table(document, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), heading=True, size=10.5)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(str(text)), size=10.5)


def write(snapshot: dict[str, Any], handle: IO[bytes], progress: Progress) -> None:
    """The draft as a .docx (python-docx) into ``handle``."""
    with translation.override("zh-hans"):
        ent = snapshot["enterprise"]
        document = Document()
        style = document.styles["Normal"]
        style.font.name = SERIF_FONT
        style.font.size = Pt(12)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SERIF_FONT)
        document.core_properties.title = f"{ent['name']} {LABEL}"
        document.core_properties.language = "zh-CN"
        _paragraph(document, ent["name"], heading=True, size=16, center=True)
        _paragraph(document, str(_("Implementation and results summary")), heading=True, size=18, center=True)
        _paragraph(document, snapshot["cover"]["campaign_title"], size=12, center=True)
        _paragraph(
            document,
            _(
                "Draft made by the portal on %(date)s from the records of the campaign; edit it and upload it as the "
                "enterprise's summary."
            )
            % {"date": chinese_date(snapshot["cover"]["made_on"])},
            size=10.5,
        )
        progress(1, 3)

        _paragraph(document, _("1. The enterprise"), heading=True, size=14)
        states = dict(EnrolmentState.choices)
        _table(
            document,
            [_("Item"), _("Content")],
            [
                [_("Enterprise"), ent["name"]],
                [_("Unified social credit code"), ent["credit_code"]],
                [_("District"), ent["district"]],
                [_("Address"), ent["address"] or ""],
                [_("Employees"), "" if ent["employees"] is None else str(ent["employees"])],
                [_("Designated responsible person"), ent["contact"] or ""],
                [_("Where it stands in the campaign"), str(states.get(snapshot["state"], snapshot["state"]))],
                [_("System in operation since"), chinese_date(snapshot["operation_started_on"])],
            ],
        )

        _paragraph(document, _("2. The assistance it had"), heading=True, size=14)
        expert = snapshot["expert"]
        visits, trainings = snapshot["visits"], snapshot["trainings"]
        if expert:
            text = _(
                "Expert %(expert)s of %(body)s assisted the enterprise with %(visits)s visits; it attended %(trainings)s trainings."
            )
            _paragraph(
                document,
                text
                % {
                    "expert": expert["name"],
                    "body": expert["body"],
                    "visits": len(visits),
                    "trainings": len(trainings),
                },
            )
        else:
            _paragraph(document, _("No expert has been assigned yet."))
        visit_kinds, training_kinds = dict(VisitKind.choices), dict(TrainingKind.choices)
        if visits:
            _table(
                document,
                [_("Date"), _("Visit")],
                [[v["on"], str(visit_kinds.get(v["kind"], v["kind"]))] for v in visits],
            )
        if trainings:
            _table(
                document,
                [_("Date"), _("Training"), _("Topic")],
                [[t["on"], str(training_kinds.get(t["kind"], t["kind"])), t["topic"]] for t in trainings],
            )

        _paragraph(document, _("3. Problems found and how they were solved"), heading=True, size=14)
        problems = snapshot["problems"]
        solved = sum(p["solved"] for p in problems)
        _paragraph(
            document,
            _("%(found)s problems were found in the diagnosis; %(solved)s are solved.")
            % {"found": len(problems), "solved": solved},
        )
        if problems:
            _table(
                document,
                [_("Category"), _("Problem"), _("Solved"), _("How it was solved")],
                [
                    [p["category"], p["description"], _("yes") if p["solved"] else _("no"), p["solution"]]
                    for p in problems
                ],
            )
        progress(2, 3)

        _paragraph(document, _("4. Outcomes before and after"), heading=True, size=14)
        _table(
            document,
            [_("Indicator"), _("Unit"), _("Before"), _("After"), _("Change")],
            [[o["metric"], o["unit"], o["before"], o["after"], o["change"]] for o in snapshot["outcomes"]],
        )
        certificates = snapshot["certificates"]
        if certificates:
            _table(
                document,
                [_("Certificate number"), _("Certification body"), _("Issued on")],
                [[c["number"], c["body"], c["issued_on"]] for c in certificates],
            )
        else:
            _paragraph(document, _("No certificate issued since the campaign began has been recorded."))
        case_states = dict(CaseState.choices)
        for case in snapshot["cases"]:
            _paragraph(
                document,
                _("Practice case: %(title)s (%(state)s)")
                % {"title": case["title"], "state": case_states.get(case["state"], case["state"])},
            )

        _paragraph(document, _("5. What the enterprise has learnt and will do next"), heading=True, size=14)
        _paragraph(document, _("(To be written by the enterprise.)"))
        _paragraph(document, "")
        _paragraph(document, f"{ent['name']}{_('(seal)')}", center=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _paragraph(document, _("Date:"), center=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        document.save(handle)
        progress(3, 3)


KIND = register(
    ReportKind(
        key="enterprise_summary",
        label=LABEL,
        scopes=("enterprise",),
        extension="docx",
        gather=gather,
        write=write,
        roles=(Role.ENTERPRISE, Role.REGULATOR),  # the policy gives experts no reports (reporting.policy)
    )
)
