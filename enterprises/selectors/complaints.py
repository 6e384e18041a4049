"""Reads of complaints about a certification body (五(二)2)."""

from __future__ import annotations

from django.db.models import QuerySet

from enterprises.models import Complaint


def complaint_list(*, user, state: str = "") -> QuerySet[Complaint]:
    queryset = (
        Complaint.objects.visible_to(user)
        .select_related("enterprise", "body", "submitted_by", "handled_by")
        .order_by("-submitted_at", "-pk")
    )
    return queryset.filter(state=state) if state else queryset


def complaint_detail(*, user, pk: int) -> Complaint | None:
    return complaint_list(user=user).filter(pk=pk).first()
