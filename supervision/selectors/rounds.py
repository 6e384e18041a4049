"""Reads of supervision rounds: the regulator's list with counts, and a round with its visits and requests."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from campaign.models import Campaign
from supervision.models import RectificationRequest, RectificationState, SupervisionRound, SupervisionVisit


def round_list(*, user, today: date, campaign: Campaign | None = None) -> QuerySet[SupervisionRound]:
    """The rounds ``user`` sees, each with ``visit_count``, ``request_count``, ``open_count`` (not closed) and
    ``overdue_count`` (not closed and due before ``today``): one query whatever the number of rounds."""
    rows = SupervisionRound.objects.visible_to(user).select_related("campaign")
    if campaign is not None:
        rows = rows.filter(campaign=campaign)
    not_closed = ~Q(visits__requests__state=RectificationState.CLOSED)
    return rows.annotate(
        visit_count=Count("visits", distinct=True),
        request_count=Count("visits__requests", distinct=True),
        open_count=Count("visits__requests", filter=not_closed, distinct=True),
        overdue_count=Count(
            "visits__requests", filter=not_closed & Q(visits__requests__due_on__lt=today), distinct=True
        ),
    ).order_by("-starts_on", "-pk")


def round_visits(*, user, round: SupervisionRound) -> list[SupervisionVisit]:
    """The round's visits that ``user`` sees, with their staff, files and (visible) requests."""
    requests = RectificationRequest.objects.visible_to(user).select_related("member_unit", "body", "enterprise")
    return list(
        SupervisionVisit.objects.visible_to(user)
        .filter(round=round)
        .select_related("member_unit", "body", "enterprise")
        .prefetch_related("staff", "files", Prefetch("requests", queryset=requests.order_by("due_on", "pk")))
        .order_by("-visited_on", "-pk")
    )
