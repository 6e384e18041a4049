"""The certification-body roll-up (五(一) 认证机构评价: the figures each body is evaluated on), as Excel: one row per
certification body of the tenant from ``evaluation.selectors.figures.city_figures`` (the ONE computation). The
snapshot holds the rows (one per body: small), so writing twice gives the same workbook."""

from __future__ import annotations

from datetime import date
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from evaluation.selectors.figures import city_figures
from reporting.exports._figures import COMMON_COLUMNS, FigureColumn, cells, write_figures
from reporting.kinds import Progress, ReportKind, ReportScope, register

BODY_COLUMNS: list[FigureColumn] = [("认证机构", lambda row: row["name"]), *COMMON_COLUMNS]


def gather(scope: ReportScope, today: date) -> dict[str, Any]:
    """{"campaign_title", "as_of" (ISO date), "rows": [body figure rows]}."""
    figures = city_figures(scope.campaign, today)
    return {"campaign_title": scope.campaign.title, "as_of": figures.as_of, "rows": figures.bodies}


def write(snapshot: dict[str, Any], handle: IO[bytes], progress: Progress) -> None:
    write_figures(
        handle,
        title="认证机构汇总",
        caption=f"{snapshot['campaign_title']} 认证机构帮扶情况汇总（截至{snapshot['as_of']}）",
        columns=BODY_COLUMNS,
        rows=[cells(row, BODY_COLUMNS) for row in snapshot["rows"]],
        progress=progress,
    )


KIND = register(
    ReportKind(
        key="body_rollup",
        label=_("Certification body roll-up"),
        scopes=("city",),
        extension="xlsx",
        gather=gather,
        write=write,
        roles=(Role.REGULATOR,),
    )
)
