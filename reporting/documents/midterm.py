"""中期评估报告 (notice 四(二) 中期评估): the campaign's frozen mid-term snapshot (``evaluation.MidtermSnapshot``, the
latest one) per district and per certification body — funnel, visits, trainings by kind (enterprises and
person-times), problems found and solved, kickoff and training compliance, who lags — and the next steps the
mid-term meeting (中期推动会) assigned. For the city, or for one district (its own line and next steps only)."""

from __future__ import annotations

from datetime import date
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from evaluation.models import MidtermMeeting, MidtermSnapshot, NextStepOwner
from reporting.documents._charts import bar_chart
from reporting.documents._common import cover, section_number, write_document
from reporting.documents._figures import figure_row, funnel_headers, lag_text, training_kinds
from reporting.kinds import Progress, ReportKind, ReportScope, register

LABEL = gettext_lazy("Mid-term evaluation report")


def gather(scope: ReportScope, today: date) -> dict[str, Any]:
    """{"cover", "snapshot" {"sequence", "as_of"} or None, "figures" (the snapshot's figures; for a district scope
    only its own line in "districts", no body lines, the lagging lists cut to it), "meeting" {"held_on", "place",
    "attendance"} or None, "next_steps" [{"what", "owner", "due_on", "done"}]}. Nothing is recomputed: a campaign
    with no snapshot yet gives "snapshot": None and "figures": None."""
    campaign = scope.campaign
    taken = MidtermSnapshot.objects.filter(campaign=campaign).order_by("-sequence").first()
    figures = dict(taken.figures) if taken is not None else None
    if figures is not None and scope.district is not None:
        figures["districts"] = [row for row in figures["districts"] if row["id"] == scope.district.pk]
        figures["lagging_districts"] = [row for row in figures["lagging_districts"] if row["id"] == scope.district.pk]
        figures["bodies"], figures["lagging_bodies"] = [], []
    meeting = MidtermMeeting.objects.filter(campaign=campaign).first()
    steps = []
    if meeting is not None:
        rows = meeting.next_steps.select_related("member_unit", "body").order_by("due_on", "pk")
        if scope.district is not None:
            rows = rows.filter(owner_kind=NextStepOwner.MEMBER_UNIT, member_unit=scope.district)
        steps = [{"what": s.what, "owner": s.owner_name, "due_on": s.due_on.isoformat(), "done": s.done} for s in rows]
    return {
        "cover": cover(scope, today, as_of=taken.as_of if taken else today),
        "snapshot": {"sequence": taken.sequence, "as_of": taken.as_of.isoformat()} if taken else None,
        "figures": figures,
        "meeting": (
            {"held_on": meeting.held_on.isoformat(), "place": meeting.place, "attendance": meeting.attendance}
            if meeting
            else None
        ),
        "next_steps": steps,
    }


def write(snapshot: dict[str, Any], handle: IO[bytes], progress: Progress) -> None:
    """The 中期评估报告 PDF from ``gather``'s snapshot ("暂无数据" sections when no snapshot was taken)."""
    with translation.override("zh-hans"):
        titles = [
            _("Overview"),
            _("Enrolment and assistance by district"),
            _("Trainings"),
            _("Problems found and solved"),
            _("Certification bodies"),
            _("Kickoff meetings and required trainings"),
            _("Who lags"),
            _("Next steps"),
        ]
        sections = [(f"s{n}", f"{section_number(n)}、{title}") for n, title in enumerate(titles, start=1)]
        figures = snapshot["figures"]
        context: dict[str, Any] = {"kind_label": str(LABEL), "sections": sections, "figures": figures}
        if figures is not None:
            city = figure_row(figures["city"])
            districts = [figure_row(row) for row in figures["districts"]]
            bodies = [figure_row(row) for row in figures["bodies"]]
            context |= {
                "city": city,
                "districts": districts,
                "district_rows": [*districts, city] if len(districts) > 1 else districts,
                "bodies": bodies,
                "lagging_districts": [
                    {**row, "text": lag_text(row["reasons"])} for row in figures["lagging_districts"]
                ],
                "lagging_bodies": [{**row, "text": lag_text(row["reasons"])} for row in figures["lagging_bodies"]],
                "funnel_headers": funnel_headers(),
                "kinds": training_kinds(),
                "chart": bar_chart(
                    _("Enrolled enterprises and visits by district"),
                    [row["name"] for row in districts],
                    [
                        (_("Enrolled"), [row["enrolments"] for row in districts]),
                        (_("Visits"), [row["visits"] for row in districts]),
                    ],
                )
                if districts
                else "",
            }
        write_document("reporting/documents/midterm.html", snapshot, handle, progress, **context)


KIND = register(
    ReportKind(
        key="midterm",
        label=LABEL,
        scopes=("city", "district"),
        extension="pdf",
        gather=gather,
        write=write,
        roles=(Role.REGULATOR, Role.MEMBER_UNIT),
    )
)
