"""Reads for the enrolments the certification side assists: "my enterprises" with what is due next, and one
enrolment's work page with everything recorded on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _
from django_stubs_ext import WithAnnotations

from assistance.models import (
    Assignment,
    Diagnosis,
    DocumentLevel,
    InternalAudit,
    ManagementReview,
    Plan,
    Problem,
    ProblemStatus,
    SystemDocument,
    Visit,
)
from assistance.policy import review_possible_from
from campaign.models import Deadline, DeadlineKind, Phase
from campaign.selectors import deadline_for, today_local
from enterprises.models import ENROLMENT_ORDER, Enrolment, EnrolmentState


@dataclass
class NextStep:
    """What is due next on an enrolment, by when, and whether it is late."""

    title: str
    due_on: date | None = None
    earliest_on: date | None = None  # R7: the review cannot come before three months of operation
    is_overdue: bool = False


class _WorkAnnotations(TypedDict):
    expert_name: str | None
    last_visit_on: date | None
    has_diagnosis: bool
    has_plan: bool
    has_manual: bool
    has_internal_audit: bool
    has_management_review: bool
    open_problems: int | None


# An enrolment as "my enterprises" reads it: what is recorded on it comes annotated, so next_step needs no query.
if TYPE_CHECKING:
    AssistedEnrolment = WithAnnotations[Enrolment, _WorkAnnotations]
else:  # WithAnnotations takes the annotations only for the type checker
    AssistedEnrolment = Enrolment


def _assisted_enrolments(user) -> QuerySet[AssistedEnrolment]:
    active = Assignment.objects.filter(enrolment=OuterRef("pk"), ended_at__isnull=True)
    # cast: visible_to is typed as returning rows of Model; these are Enrolments with the annotations below.
    queryset = (
        Enrolment.objects.visible_to(user)
        .filter(Exists(active))
        .select_related("enterprise", "enterprise__district", "campaign")
        .prefetch_related(
            Prefetch("campaign__deadlines", queryset=Deadline.objects.order_by("due_on")),
            Prefetch("campaign__phases", queryset=Phase.objects.order_by("starts_on")),
        )
        .annotate(
            expert_name=Subquery(active.values("expert__user__display_name")[:1]),
            last_visit_on=Subquery(
                Visit.objects.filter(enrolment=OuterRef("pk")).order_by("-visited_on").values("visited_on")[:1]
            ),
            has_diagnosis=Exists(Diagnosis.objects.filter(enrolment=OuterRef("pk"))),
            has_plan=Exists(Plan.objects.filter(enrolment=OuterRef("pk"))),
            has_manual=Exists(SystemDocument.objects.filter(enrolment=OuterRef("pk"), level=DocumentLevel.MANUAL)),
            has_internal_audit=Exists(InternalAudit.objects.filter(enrolment=OuterRef("pk"))),
            has_management_review=Exists(ManagementReview.objects.filter(enrolment=OuterRef("pk"))),
            open_problems=Subquery(
                Problem.objects.filter(
                    diagnosis__enrolment=OuterRef("pk"),
                    status__in=[ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS],
                )
                .order_by()
                .values("diagnosis__enrolment")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
        )
    )
    return cast("QuerySet[AssistedEnrolment]", queryset)


def next_step(enrolment: AssistedEnrolment, today: date | None = None) -> NextStep | None:
    """The next step of 附件二 for an enrolment annotated by work_enrolments (no further query)."""
    today = today or today_local()
    campaign = enrolment.campaign
    complete = deadline_for(campaign, DeadlineKind.ASSISTANCE_COMPLETE)
    due = complete.due_on if complete else None
    state = enrolment.state
    if state == EnrolmentState.ASSIGNED:
        title = (
            _("Mark the enterprise as diagnosed") if enrolment.has_diagnosis else _("Diagnose the enterprise on site")
        )
        step = NextStep(title=title, due_on=due)
    elif state == EnrolmentState.DIAGNOSED:
        title = _("Start building the system") if enrolment.has_plan else _("Write the plan (一企一策)")
        step = NextStep(title=title, due_on=due)
    elif state == EnrolmentState.BUILDING:
        if not enrolment.has_manual:
            title = _("Upload the quality manual")
        elif enrolment.operation_started_on is None:
            title = _("Record the start of operation")
        else:
            title = _("Mark the system as operating")
        step = NextStep(title=title, due_on=due)
    elif state == EnrolmentState.OPERATING:
        earliest = review_possible_from(enrolment)
        if not enrolment.has_internal_audit:
            title = _("Internal audit")
        elif not enrolment.has_management_review:
            title = _("Management review")
        else:
            title = _("Mark the review as done")
        step = NextStep(title=title, due_on=due, earliest_on=earliest)
    elif state == EnrolmentState.REVIEWED:
        summary = deadline_for(campaign, DeadlineKind.ENTERPRISE_SUMMARY)
        step = NextStep(
            title=_("Outcome figures and the enterprise's summary"), due_on=summary.due_on if summary else None
        )
    else:
        return None
    step.is_overdue = step.due_on is not None and today > step.due_on
    return step


@dataclass
class WorkRow:
    enrolment: AssistedEnrolment
    next_step: NextStep | None


def work_enrolments(*, user, today: date | None = None) -> list[WorkRow]:
    """The enrolments the user assists (an expert) or whose experts they manage (a body's manager), with what is
    due next and the last visit; ended ones last."""
    today = today or today_local()
    rows = [WorkRow(enrolment=e, next_step=next_step(e, today)) for e in _assisted_enrolments(user)]
    order = {state: i for i, state in enumerate(ENROLMENT_ORDER)}
    rows.sort(
        key=lambda r: (
            r.next_step is None,
            order.get(r.enrolment.state, len(order)),
            r.enrolment.enterprise.name,
        )
    )
    return rows


def work_enrolment_queryset(user) -> QuerySet[Enrolment]:
    """One enrolment for its work page: what the page shows about it comes with it."""
    return (
        Enrolment.objects.visible_to(user)
        .select_related("enterprise", "enterprise__district", "campaign")
        .prefetch_related("campaign__phases", "campaign__deadlines", "enterprise__certificates")
    )


@dataclass
class WorkRecords:
    visits: list[Visit]
    diagnosis: Diagnosis | None
    problems: list[Problem]
    plan: Plan | None
    documents: list[SystemDocument]
    internal_audits: list[InternalAudit]
    management_reviews: list[ManagementReview]
    expert_name: str = ""


def work_records(*, enrolment: Enrolment, user) -> WorkRecords:
    """Everything recorded on one enrolment, each through visible_to, in a fixed number of queries."""
    visits = list(
        Visit.objects.visible_to(user)
        .filter(enrolment=enrolment)
        .select_related("expert__user")
        .prefetch_related("files")
    )
    diagnosis = Diagnosis.objects.visible_to(user).filter(enrolment=enrolment).select_related("diagnosed_by").first()
    problems = (
        list(Problem.objects.visible_to(user).filter(diagnosis=diagnosis).order_by("status", "due_on", "pk"))
        if diagnosis
        else []
    )
    plan = Plan.objects.visible_to(user).filter(enrolment=enrolment).first()
    documents = list(SystemDocument.objects.visible_to(user).filter(enrolment=enrolment).select_related("uploaded_by"))
    audits = list(InternalAudit.objects.visible_to(user).filter(enrolment=enrolment).select_related("recorded_by"))
    reviews = list(ManagementReview.objects.visible_to(user).filter(enrolment=enrolment).select_related("recorded_by"))
    active = Assignment.objects.filter(enrolment=enrolment, ended_at__isnull=True).select_related("expert__user")
    assignment = active.first()
    return WorkRecords(
        visits=visits,
        diagnosis=diagnosis,
        problems=problems,
        plan=plan,
        documents=documents,
        internal_audits=audits,
        management_reviews=reviews,
        expert_name=str(assignment.expert) if assignment else "",
    )
