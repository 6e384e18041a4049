"""The rows of the figure tables the documents share (funnel, trainings, problems, compliance), made from lines of
``evaluation.selectors.figures.city_figures`` — only regrouped for print, never counted again."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from assistance.models.trainings import TrainingKind
from enterprises.models import EnrolmentState as S
from evaluation.selectors.figures import LAG_REASONS
from reporting.documents._common import percent

# The funnel's states grouped into the columns an A4 page holds.
FUNNEL_GROUPS = (
    ("nominated", (S.NOMINATED, S.SCREENED)),
    ("rejected", (S.REJECTED,)),
    ("assisting", (S.ASSIGNED, S.DIAGNOSED, S.BUILDING)),
    ("operating", (S.OPERATING,)),
    ("reviewed", (S.REVIEWED,)),
    ("results", (S.RESULTS, S.CLOSED)),
    ("withdrawn", (S.WITHDRAWN,)),
)


def funnel_headers() -> list[str]:
    return [
        _("Nominated or screened"),
        _("Rejected at screening"),
        _("Being assisted"),
        _("System in operation"),
        _("Audit and review done"),
        _("Results delivered or closed"),
        _("Withdrawn"),
    ]


def kickoff_label(standing: str) -> str:
    return {
        "held": _("held on time"),
        "held_late": _("held late"),
        "not_held": _("not yet held"),
        "overdue": _("not held by the deadline"),
    }.get(standing, standing)


def training_kinds() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in TrainingKind.choices]


def lag_text(codes: list[str]) -> str:
    return "、".join(str(LAG_REASONS[code]) for code in codes if code in LAG_REASONS)


def figure_row(row: dict[str, Any]) -> dict[str, Any]:
    """One figures line with what the tables print: ``funnel_cells`` (FUNNEL_GROUPS order), ``share`` (text),
    ``training_cells`` [(count, enterprises, person-times)] in ``TrainingKind`` order, ``lag`` (words),
    ``kickoff_text`` and ``r8_text`` for district lines."""
    funnel = row["funnel"]
    result = {
        **row,
        "funnel_cells": [sum(funnel.get(state, 0) for state in states) for _key, states in FUNNEL_GROUPS],
        "share": percent(row["progress_share"]),
        "training_cells": [
            (
                row["trainings"][kind]["count"],
                row["trainings"][kind]["enterprises"],
                row["trainings"][kind]["person_times"],
            )
            for kind in TrainingKind.values
        ],
        "lag": lag_text(row.get("lagging", [])),
        "solved_share": percent(row["problems"]["solved"] / row["problems"]["found"])
        if row["problems"]["found"]
        else "—",
    }
    if "kickoff" in row:
        result["kickoff_text"] = kickoff_label(row["kickoff"]["standing"])
        result["r8_text"] = (
            _("both held")
            if row["r8"]["compliant"]
            else _("missing: %(kinds)s")
            % {"kinds": "、".join(str(TrainingKind(k).label) for k in row["r8"]["missing"])}
        )
    return result
