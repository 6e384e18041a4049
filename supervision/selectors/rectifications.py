"""Reads of rectification requests: counts per party for the evaluation scorecards, lists for the pages."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q

from campaign.models import Campaign
from supervision.models import RectificationRequest, RectificationState

PartyKey = tuple[str, int]


def rectification_counts(campaign: Campaign, today: date) -> dict[PartyKey, dict[str, int]]:
    """Per party asked — ("member_unit", pk), ("body", pk) or ("enterprise", pk) — the campaign's rectification
    requests: {"total", "open" (not closed), "overdue" (not closed and due before ``today``), "closed"}.

    One query, whatever the number of parties. Not scoped: the caller (an evaluation the regulator reads) has
    already decided who sees the result; a party absent from the dict was asked nothing."""
    not_closed = ~Q(state=RectificationState.CLOSED)
    rows = (
        RectificationRequest.objects.filter(campaign=campaign)
        .values("member_unit_id", "body_id", "enterprise_id")
        .order_by()
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=not_closed),
            overdue=Count("pk", filter=not_closed & Q(due_on__lt=today)),
            closed=Count("pk", filter=Q(state=RectificationState.CLOSED)),
        )
    )
    counts: dict[PartyKey, dict[str, int]] = {}
    for row in rows:
        if row["member_unit_id"] is not None:
            key: PartyKey = ("member_unit", row["member_unit_id"])
        elif row["body_id"] is not None:
            key = ("body", row["body_id"])
        else:
            key = ("enterprise", row["enterprise_id"])
        counts[key] = {name: row[name] for name in ("total", "open", "overdue", "closed")}
    return counts
