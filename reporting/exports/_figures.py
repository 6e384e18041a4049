"""The columns of the figure roll-ups (数据汇总 per district, the certification-body roll-up): one row of
``evaluation.selectors.figures`` (the ONE figures computation — nothing is recomputed here) as a list of cells."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from django.utils import translation

from assistance.models.trainings import TrainingKind
from evaluation.selectors.figures import LAG_REASONS
from reporting.exports._sheet import share, write_sheet

FigureColumn = tuple[str, Callable[[dict[str, Any]], Any]]


def _training(kind: str, key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: row["trainings"][kind][key]


COMMON_COLUMNS: list[FigureColumn] = [
    ("参加企业", lambda row: row["enrolments"]),
    ("已帮扶企业", lambda row: row["assisted"]),
    ("进度占比", lambda row: share(row["progress_share"])),
    ("专家帮扶次数", lambda row: row["visits"]),
    ("户均帮扶次数", lambda row: "—" if row["visits_per_assisted"] is None else row["visits_per_assisted"]),
]
# 附件二(三)1's five kinds of training, named as the notice names them (headers are fixed Chinese, not gettext:
# the workbook goes upward in the notice's words whatever the reader's language).
TRAINING_HEADERS = {
    TrainingKind.CENTRALISED: "集中培训",
    TrainingKind.INDUSTRY: "行业培训",
    TrainingKind.ONE_TO_ONE: "个性化培训",
    TrainingKind.TIERED: "分层级培训",
    TrainingKind.ONLINE: "网络培训",
}
for _kind, _name in TRAINING_HEADERS.items():
    COMMON_COLUMNS += [
        (f"{_name}（场次）", _training(_kind.value, "count")),
        (f"{_name}（企业）", _training(_kind.value, "enterprises")),
        (f"{_name}（人次）", _training(_kind.value, "person_times")),
    ]
COMMON_COLUMNS += [
    ("培训合计（场次）", lambda row: row["training_totals"]["count"]),
    ("培训合计（企业）", lambda row: row["training_totals"]["enterprises"]),
    ("培训合计（人次）", lambda row: row["training_totals"]["person_times"]),
    ("发现问题", lambda row: row["problems"]["found"]),
    ("已解决问题", lambda row: row["problems"]["solved"]),
    ("未解决问题", lambda row: row["problems"]["open"]),
    ("案例（撰写）", lambda row: row["cases"]["written"]),
    ("案例（提交）", lambda row: row["cases"]["submitted"]),
    ("案例（推荐）", lambda row: row["cases"]["recommended"]),
    ("案例（入选）", lambda row: row["cases"]["selected"]),
    ("投诉", lambda row: row["complaints"]["total"]),
    ("未结投诉", lambda row: row["complaints"]["open"]),
    ("整改要求", lambda row: row["rectifications"]["total"]),
    ("未完成整改", lambda row: row["rectifications"]["open"]),
    ("逾期整改", lambda row: row["rectifications"]["overdue"]),
    ("落后原因", lambda row: "；".join(str(LAG_REASONS.get(code, code)) for code in row.get("lagging", []))),
]


def cells(row: dict[str, Any], columns: list[FigureColumn]) -> list[Any]:
    return [value(row) for _header, value in columns]


def write_figures(
    handle: IO[bytes], *, title: str, caption: str, columns: list[FigureColumn], rows: list[list[Any]], progress
) -> None:
    """One sheet of figure rows (already turned into cells) under ``columns``' headers."""
    with translation.override("zh-hans"):
        write_sheet(
            handle,
            title=title,
            caption=caption,
            headers=[header for header, _value in columns],
            rows=rows,
            total=len(rows),
            progress=progress,
        )
