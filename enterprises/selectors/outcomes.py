"""Reads of the outcome figures (附件二(四) 量化绩效指标): the metrics, their change before → after, the rows a page
shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.models import Enrolment, OutcomeFigures

if TYPE_CHECKING:  # a label is a lazy translation; the alias exists for type checkers only
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Metric:
    key: str
    label: StrOrPromise
    unit: StrOrPromise  # shown after the values
    percent: bool  # a rate in %: the change is in percentage points
    higher_is_better: bool


METRICS = [
    Metric("revenue", gettext_lazy("Revenue"), gettext_lazy("10k yuan"), False, True),
    Metric("profit_margin", gettext_lazy("Profit margin"), "%", True, True),
    Metric("quality_cost_rate", gettext_lazy("Quality cost rate"), "%", True, False),
    Metric("pass_rate", gettext_lazy("Product pass rate"), "%", True, True),
    Metric("complaints", gettext_lazy("Customer complaints"), gettext_lazy("complaints"), False, False),
    Metric("on_time_delivery", gettext_lazy("On-time delivery rate"), "%", True, True),
]


MINUS = "\u2212"


def _signed(value: Decimal) -> str:
    text = f"{abs(value):.1f}".removesuffix(".0")
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"{MINUS}{text}"
    return "0"


def change_text(metric: Metric, before, after) -> str:
    """“+3.2 个百分点” for a rate; “−15%” relative change for an amount or count (the plain difference when the
    baseline is 0)."""
    if before is None or after is None:
        return ""
    difference = Decimal(after) - Decimal(before)
    if metric.percent:
        return _("%(change)s percentage points") % {"change": _signed(difference)}
    if before == 0:
        return _signed(difference)
    return f"{_signed(difference / Decimal(before) * 100)}%"


@dataclass
class OutcomeRow:
    metric: Metric
    baseline: object
    end: object
    change: str
    trend: str  # "better" | "worse" | "same" | ""


def outcome_rows(outcome: OutcomeFigures | None) -> list[OutcomeRow]:
    """One row per metric (METRICS order): baseline, end, the change as text and whether it is better, worse or the
    same; empty values where ``outcome`` is None or a figure is missing."""
    rows = []
    for metric in METRICS:
        before = getattr(outcome, f"{metric.key}_baseline", None) if outcome else None
        after = getattr(outcome, f"{metric.key}_end", None) if outcome else None
        trend = ""
        if before is not None and after is not None:
            if after == before:
                trend = "same"
            else:
                trend = "better" if (after > before) == metric.higher_is_better else "worse"
        rows.append(OutcomeRow(metric, before, after, change_text(metric, before, after), trend))
    return rows


def outcome_for(*, user, enrolment: Enrolment) -> OutcomeFigures | None:
    """The enrolment's outcome figures the user may see, or None."""
    return OutcomeFigures.objects.visible_to(user).filter(enrolment=enrolment).select_related("updated_by").first()


def outcome_corrections(outcome: OutcomeFigures | None) -> list:
    """The regulator's corrections of the figures (the history rows saved with a reason), newest first."""
    if outcome is None:
        return []
    return list(
        outcome.history.exclude(history_change_reason__isnull=True)
        .exclude(history_change_reason="")
        .select_related("history_user")
        .order_by("-history_date")
    )
