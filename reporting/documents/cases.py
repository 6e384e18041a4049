"""《小微企业质量管理优良实践案例》: the city's collection of the practice cases selected by the case panel (notice
五(一) 组织专家评选优秀案例; 附件二(四)), one case a chapter, in district order."""

from __future__ import annotations

from datetime import date
from typing import IO, Any

from django.db.models import Avg, F, OuterRef, Subquery
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from assistance.models import Assignment
from enterprises.models import Case, CaseState
from reporting.documents._common import cover, section_number, write_document
from reporting.kinds import Progress, ReportKind, ReportScope, register

LABEL = gettext_lazy("Collection of good quality-management practice cases of small and micro enterprises")


def gather(scope: ReportScope, today: date) -> dict[str, Any]:
    """{"cover", "cases" [{"title", "text", "enterprise", "district", "body", "score" (the panel's average, one
    decimal, or None)}]} — the campaign's selected cases, by district then enterprise. One query."""
    latest = Assignment.objects.filter(enrolment=OuterRef("enrolment_id")).order_by(
        F("ended_at").desc(nulls_first=True), "-assigned_at", "-pk"
    )
    cases = (
        Case.objects.filter(enrolment__campaign=scope.campaign, state=CaseState.SELECTED)
        .annotate(body_name=Subquery(latest.values("expert__body__name")[:1]), score=Avg("reviews__score"))
        .select_related("enrolment__enterprise__district")
        .order_by("enrolment__enterprise__district__sort_order", "enrolment__enterprise__name", "pk")
    )
    return {
        "cover": cover(scope, today),
        "cases": [
            {
                "title": case.title,
                "text": case.body,
                "enterprise": case.enrolment.enterprise.name,
                "district": case.enrolment.enterprise.district.name,
                "body": case.body_name or "",
                "score": round(case.score, 1) if case.score is not None else None,
            }
            for case in cases
        ],
    }


def write(snapshot: dict[str, Any], handle: IO[bytes], progress: Progress) -> None:
    """The collection as a PDF: the cover, contents, a short foreword and one chapter per case."""
    with translation.override("zh-hans"):
        sections = [("s0", _("Foreword"))] + [
            (f"s{n}", f"{section_number(n)}、{case['title']}（{case['enterprise']}）")
            for n, case in enumerate(snapshot["cases"], start=1)
        ]
        cases = [
            {**case, "id": f"s{n}", "heading": sections[n][1]} for n, case in enumerate(snapshot["cases"], start=1)
        ]
        write_document(
            "reporting/documents/cases.html",
            snapshot,
            handle,
            progress,
            kind_label=str(LABEL),
            sections=sections,
            cases=cases,
        )


KIND = register(
    ReportKind(
        key="cases",
        label=LABEL,
        scopes=("city",),
        extension="pdf",
        gather=gather,
        write=write,
        roles=(Role.REGULATOR,),
    )
)
