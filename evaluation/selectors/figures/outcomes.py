"""The enterprises' outcome figures before and after (附件二(四) 量化绩效指标), averaged for the dashboards."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Q

from campaign.models import Campaign

from .restrictions import assisted_by, body_through, where

# The queries one ``outcome_figures`` call runs, whatever the number of rows.
OUTCOME_QUERIES = 1


def outcome_figures(campaign: Campaign, *, district_id: int | None = None, body_id: int | None = None) -> dict:
    """The enterprises' outcome figures before and after (附件二(四) 量化绩效指标), for the city, one district or one
    body: per metric of ``OutcomeFigures.METRICS`` {"reported": enrolments with both figures, "before": average
    baseline, "after": average end, "change": after − before} over the enrolments that reported both (averages
    rounded to two decimals, None when none reported), and "recorded": enrolments with any outcome row.
    ``OUTCOME_QUERIES`` query."""
    from enterprises.models import OutcomeFigures

    rows = OutcomeFigures.objects.filter(
        enrolment__campaign=campaign, **where(district_id, None, "enrolment__enterprise__")
    ).filter(*assisted_by(body_id, "enrolment"))
    if body_id is not None:
        rows = rows.annotate(body_id=body_through("enrolment")).filter(body_id=body_id)
    aggregates: dict[str, Any] = {"recorded": Count("pk")}
    for metric in OutcomeFigures.METRICS:
        both = Q(**{f"{metric}_baseline__isnull": False, f"{metric}_end__isnull": False})
        aggregates[f"{metric}__n"] = Count("pk", filter=both)
        aggregates[f"{metric}__before"] = Avg(f"{metric}_baseline", filter=both)
        aggregates[f"{metric}__after"] = Avg(f"{metric}_end", filter=both)
    totals = rows.aggregate(**aggregates)

    def _number(value: Any) -> float | None:
        return None if value is None else round(float(value), 2)

    metrics = {}
    for metric in OutcomeFigures.METRICS:
        before, after = _number(totals[f"{metric}__before"]), _number(totals[f"{metric}__after"])
        change = None if before is None or after is None else round(after - before, 2)
        metrics[metric] = {"reported": totals[f"{metric}__n"], "before": before, "after": after, "change": change}
    return {"recorded": totals["recorded"], "metrics": metrics}
