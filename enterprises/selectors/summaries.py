"""Reads of the enterprise's 《企业实施情况及成效总结》 and its upload history."""

from __future__ import annotations

from enterprises.models import (
    Enrolment,
    ImplementationSummary,
)


def summary_for(*, user, enrolment: Enrolment) -> ImplementationSummary | None:
    return (
        ImplementationSummary.objects.visible_to(user).filter(enrolment=enrolment).select_related("uploaded_by").first()
    )


def summary_history(summary: ImplementationSummary, limit: int = 20) -> list:
    """Who uploaded which file when, newest first (django-simple-history, one query)."""
    return list(summary.history.select_related("history_user").order_by("-history_date")[:limit])
