"""Reads for certification audits (R5)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from assistance.models import AuditResult, CertificationAudit, Expert


def audit_list(*, user) -> QuerySet[CertificationAudit]:
    """The certification audits the user may see, latest first, with their team and decision maker (R5)."""
    return (
        CertificationAudit.objects.visible_to(user)
        .select_related("enrolment__enterprise", "enrolment__campaign", "body", "decision_maker__user")
        .prefetch_related(Prefetch("team", queryset=Expert.objects.select_related("user")))
        .order_by("-starts_on", "-pk")
    )


def audits_undecided(*, user) -> QuerySet[CertificationAudit]:
    """The certification audits the user sees whose certification decision is not recorded yet (R5)."""
    return audit_list(user=user).filter(result=AuditResult.PENDING)
