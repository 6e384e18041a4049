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


# --- the pages ------------------------------------------------------------------------------------------------------

_LIST_RELATED = ("visit", "visit__round", "member_unit", "body", "enterprise", "campaign")


def annotate_overdue(rows, today: date) -> list:
    """Each request with ``days_overdue`` (0: not overdue) set, for the red flags of the pages."""
    from supervision.policy import days_overdue

    rows = list(rows)
    for row in rows:
        row.days_overdue = days_overdue(state=row.state, due_on=row.due_on, today=today)
    return rows


def request_list(
    *,
    user,
    today: date,
    campaign: Campaign | None = None,
    state: str | None = None,
    overdue: bool = False,
    round_id: int | None = None,
):
    """The rectification requests ``user`` sees (the party its own; the regulator its tenant's), filtered."""
    rows = RectificationRequest.objects.visible_to(user).select_related(*_LIST_RELATED)
    if campaign is not None:
        rows = rows.filter(campaign=campaign)
    if state:
        rows = rows.filter(state=state)
    if overdue:
        rows = rows.exclude(state=RectificationState.CLOSED).filter(due_on__lt=today)
    if round_id:
        rows = rows.filter(visit__round_id=round_id)
    return rows.order_by("due_on", "pk")


def requests_for_party_home(*, user, today: date, limit: int = 5) -> list:
    """The party's requests still to answer (open or sent back), soonest due first."""
    rows = (
        RectificationRequest.objects.visible_to(user)
        .filter(state__in=(RectificationState.OPEN, RectificationState.RETURNED))
        .select_related(*_LIST_RELATED)
        .order_by("due_on", "pk")[:limit]
    )
    return annotate_overdue(rows, today)


def overdue_count(*, user, today: date, campaign: Campaign | None = None) -> int:
    """How many of the requests ``user`` sees are overdue (not closed, due before today)."""
    rows = RectificationRequest.objects.visible_to(user).exclude(state=RectificationState.CLOSED)
    if campaign is not None:
        rows = rows.filter(campaign=campaign)
    return rows.filter(due_on__lt=today).count()
