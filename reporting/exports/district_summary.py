"""Each district's 数据汇总 (五(一): the districts' summary data), as Excel: for a district its own line of the
campaign's figures, for the city one row per district and the city's totals. The figures are
``evaluation.selectors.figures.city_figures`` (the ONE computation, read from the running counts: ``FIGURE_QUERIES``
whatever the size); the snapshot holds the rows the workbook is written from (one per district: small), so writing
twice gives the same workbook."""

from __future__ import annotations

from datetime import date
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from evaluation.selectors.figures import city_figures
from reporting.exports._figures import COMMON_COLUMNS, FigureColumn, cells, write_figures
from reporting.kinds import Progress, ReportKind, ReportScope, register

DISTRICT_COLUMNS: list[FigureColumn] = [
    ("区", lambda row: row["name"]),
    *COMMON_COLUMNS,
    ("启动会召开日期", lambda row: row["kickoff"]["held_on"] or "未召开"),
    ("集中培训和行业培训", lambda row: "已开展" if row["r8"]["compliant"] else "未全部开展"),
]


def gather(scope: ReportScope, today: date) -> dict[str, Any]:
    """{"campaign_title", "as_of" (ISO date), "scope_name", "rows": [figure rows], "total": the city row or None}.
    A district's snapshot holds its own row only (a district never sees another's figures)."""
    figures = city_figures(scope.campaign, today)
    if scope.district is not None:
        row = figures.district(scope.district.pk)
        rows, total = ([row] if row else []), None
        name = scope.district.name
    else:
        rows, total = figures.districts, figures.city
        name = scope.campaign.tenant.name
    return {
        "campaign_title": scope.campaign.title,
        "as_of": figures.as_of,
        "scope_name": name,
        "rows": rows,
        "total": total,
    }


def write(snapshot: dict[str, Any], handle: IO[bytes], progress: Progress) -> None:
    rows = [cells(row, DISTRICT_COLUMNS) for row in snapshot["rows"]]
    if snapshot["total"] is not None:
        rows.append(["合计", *cells(snapshot["total"], COMMON_COLUMNS), "", ""])
    write_figures(
        handle,
        title="数据汇总",
        caption=f"{snapshot['campaign_title']} 数据汇总（{snapshot['scope_name']}，截至{snapshot['as_of']}）",
        columns=DISTRICT_COLUMNS,
        rows=rows,
        progress=progress,
    )


KIND = register(
    ReportKind(
        key="district_summary",
        label=_("District data roll-up"),
        scopes=("city", "district"),
        extension="xlsx",
        gather=gather,
        write=write,
        roles=(Role.REGULATOR, Role.MEMBER_UNIT),
    )
)
