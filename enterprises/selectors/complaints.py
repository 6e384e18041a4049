"""Reads of complaints about a certification body (五(二)2)."""

from __future__ import annotations

from django.db.models import QuerySet

from assistance.models import Assignment
from enterprises.models import Complaint, ComplaintState, Enterprise


def complaint_list(*, user, state: str = "") -> QuerySet[Complaint]:
    """Complaints the user may see, newest first, optionally in one state (a body sees a complaint once forwarded)."""
    queryset = (
        Complaint.objects.visible_to(user)
        .select_related("enterprise", "body", "submitted_by", "handled_by")
        .order_by("-submitted_at", "-pk")
    )
    return queryset.filter(state=state) if state else queryset


def complaint_detail(*, user, pk: int) -> Complaint | None:
    """The complaint ``pk`` as ``complaint_list`` reads it, or None when the user cannot see it."""
    return complaint_list(user=user).filter(pk=pk).first()


def assisting_body_id(*, user, enterprise: Enterprise) -> int | None:
    """The certification body now assisting ``enterprise`` (its latest campaign's active assignment), or None: the
    complaint form pre-selects it, never an arbitrary body."""
    return (
        Assignment.objects.visible_to(user)
        .filter(enrolment__enterprise=enterprise, ended_at__isnull=True)
        .order_by("-enrolment__campaign__year", "-pk")
        .values_list("expert__body_id", flat=True)
        .first()
    )


def complaints_awaiting_response(*, user) -> QuerySet[Complaint]:
    """Forwarded complaints the user sees that the certification body has not answered yet (the body manager's home)."""
    return complaint_list(user=user, state=ComplaintState.FORWARDED).filter(body_response="")
