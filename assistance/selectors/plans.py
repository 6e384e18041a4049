"""Reads for the plan (附件二(三) 一企一策)."""

from __future__ import annotations

from datetime import date

from assistance.models import Problem, ProblemStatus, Urgency
from enterprises.models import Enrolment

_URGENCY_ORDER: dict[str, int] = {Urgency.HIGH: 0, Urgency.MEDIUM: 1, Urgency.LOW: 2}


def plan_key_issues_draft(*, enrolment: Enrolment, user) -> str:
    """一企一策 derived from the diagnosis: the open problems, most urgent first, one line each."""
    problems = Problem.objects.visible_to(user).filter(
        diagnosis__enrolment=enrolment, status__in=[ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS]
    )
    ordered = sorted(problems, key=lambda p: (_URGENCY_ORDER.get(p.urgency, 9), p.due_on or date.max, p.pk))
    return "\n".join(
        f"{i}. [{p.category}·{p.get_urgency_display()}] {p.description}" for i, p in enumerate(ordered, start=1)
    )
