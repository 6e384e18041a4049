"""The enterprise's 附件二 checklist (the progress page): ``enrolment_progress`` for one enrolment. The enterprise
sees it as its home; the district, the expert and the regulator see the same data on that enterprise's page
(templates/enterprises/progress_checklist.html). Each step reads the assistance rows the viewer may see, and takes
its "by when" from the campaign's deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scope import scope_of
from assistance.models import (
    Assignment,
    Diagnosis,
    DocumentLevel,
    InternalAudit,
    ManagementReview,
    Plan,
    SystemDocument,
    Training,
)

# R7 (附件二(三)2): the three-month minimum has one source, in the assistance app.
from assistance.policy import (
    MIN_OPERATION_MONTHS,
    add_months,
    assistance_chain,
    internal_audit_in_order,
    management_review_in_order,
)
from campaign.models import Campaign, Deadline, DeadlineKind
from campaign.selectors import campaign_current, deadline_for, today_local
from enterprises.models import Case, CaseState, Enrolment, ImplementationSummary, OutcomeFigures, Screening
from enterprises.selectors.outcomes import OutcomeRow, outcome_for, outcome_rows
from enterprises.selectors.summaries import summary_for


def _enrolment_queryset(user) -> QuerySet[Enrolment]:
    return Enrolment.objects.visible_to(user).select_related("enterprise", "enterprise__district", "campaign")


def enrolment_for_progress(*, user, pk: int) -> Enrolment | None:
    """The enrolment ``pk`` with its campaign's deadlines (for the checklist's dates), or None when the user cannot
    see it."""
    return (
        _enrolment_queryset(user)
        .prefetch_related(Prefetch("campaign__deadlines", queryset=Deadline.objects.order_by("due_on")))
        .filter(pk=pk)
        .first()
    )


def own_current_enrolment(*, user, today: date | None = None) -> Enrolment | None:
    """The signed-in enterprise's enrolment in the current campaign (None for other roles or when not enrolled)."""
    scope = scope_of(user)
    if scope is None or scope.role != Role.ENTERPRISE:
        return None
    campaign = campaign_current(user=user, today=today)
    if campaign is None:
        return None
    enrolment = _enrolment_queryset(user).filter(campaign=campaign).first()
    if enrolment is not None:
        enrolment.campaign = campaign  # keep the prefetched calendar
    return enrolment


@dataclass
class Step:
    key: str
    title: str
    clause: str
    done: bool
    due_on: date | None
    detail: str = ""
    url: str = ""
    state: str = "open"  # done | next | open | overdue
    days_left: int | None = None


@dataclass
class Progress:
    enrolment: Enrolment
    today: date
    steps: list[Step]
    outcome: OutcomeFigures | None
    outcome_rows: list[OutcomeRow]
    summary: ImplementationSummary | None
    cases: list[Case] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / len(self.steps)) if self.steps else 0


def _due(campaign: Campaign, kind: str) -> date | None:
    deadline = deadline_for(campaign, kind)
    return deadline.due_on if deadline else None


def _out_of_order(held_on: date | None) -> str:
    if held_on is None:
        return ""
    return _(
        "Held %(date)s, out of order with the operation (after three months of operation, the internal audit before "
        "the management review): not counted."
    ) % {"date": date_format(held_on)}


def enrolment_progress(*, user, enrolment: Enrolment, today: date | None = None) -> Progress:
    """The checklist for ``enrolment`` as ``user`` may see it (about fifteen queries, whatever the data)."""
    today = today or today_local()
    campaign = enrolment.campaign
    assistance_due = _due(campaign, DeadlineKind.ASSISTANCE_COMPLETE)
    summary_due = _due(campaign, DeadlineKind.ENTERPRISE_SUMMARY)
    # 附件二(三)2: three months of operation must fit before assistance ends, so everything that comes before
    # operation (screening, expert, diagnosis, plan, documents) is due by then.
    start_by = add_months(assistance_due, -MIN_OPERATION_MONTHS) if assistance_due else None
    scope = scope_of(user)
    is_enterprise = scope is not None and scope.role == Role.ENTERPRISE
    on = {"enrolment": enrolment}

    screening = Screening.objects.visible_to(user).filter(**on).first()
    assignment = (
        Assignment.objects.visible_to(user)
        .filter(ended_at__isnull=True, **on)
        .select_related("expert__user", "expert__body")
        .first()
    )
    diagnosis = Diagnosis.objects.visible_to(user).filter(**on).first()
    has_plan = Plan.objects.visible_to(user).filter(**on).exists()
    trainings = Training.objects.visible_to(user).filter(campaign=campaign, enterprises=enrolment.enterprise).count()
    documents = dict(
        SystemDocument.objects.visible_to(user)
        .filter(**on)
        .values_list("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    # R7 (附件二(三)2): only an internal audit and a management review in order with the chain count (the first of
    # each that does); one out of order is shown as not valid.
    chain = assistance_chain(enrolment)
    audits = list(InternalAudit.objects.visible_to(user).filter(**on).order_by("starts_at"))
    reviews = list(ManagementReview.objects.visible_to(user).filter(**on).order_by("held_at"))
    internal_audit = next((a for a in audits if internal_audit_in_order(chain, a)), None)
    review = next((r for r in reviews if management_review_in_order(chain, r)), None)
    outcome = outcome_for(user=user, enrolment=enrolment)
    summary = summary_for(user=user, enrolment=enrolment)
    cases = list(Case.objects.visible_to(user).filter(**on).order_by("created_at"))
    shared_cases = [case for case in cases if case.state != CaseState.DRAFT]

    started = enrolment.operation_started_on
    three_months: date | None = None
    if started is None:
        operation_detail = (
            _("Not started yet; it must start by %(date)s to run three months in time.")
            % {"date": date_format(start_by)}
            if start_by
            else _("Not started yet.")
        )
    else:
        three_months = add_months(started, MIN_OPERATION_MONTHS)
        operation_detail = _("Running since %(start)s; three months on %(end)s.") % {
            "start": date_format(started),
            "end": date_format(three_months),
        }

    def url(name: str, *args) -> str:
        return reverse(f"enterprises:{name}", args=args)

    steps = [
        Step(
            "screening",
            _("Nomination and eligibility screening"),
            "正文三、附件第二部分(一)",
            bool(screening and screening.passed),
            start_by,
            _("Passed on %(date)s.") % {"date": date_format(screening.checked_on)}
            if screening and screening.passed
            else "",
        ),
        Step(
            "expert",
            _("Assistance expert assigned"),
            "附件第一部分",
            assignment is not None,
            start_by,
            _("%(expert)s, %(body)s") % {"expert": assignment.expert.user, "body": assignment.expert.body.name}
            if assignment
            else "",
        ),
        Step(
            "diagnosis",
            _("On-site survey and diagnosis"),
            "附件第二部分(二)",
            diagnosis is not None,
            start_by,
            _("Diagnosed on %(date)s.") % {"date": date_format(diagnosis.diagnosed_on)} if diagnosis else "",
        ),
        Step("plan", _("One enterprise, one plan (一企一策)"), "附件第二部分(三)", has_plan, start_by),
        Step(
            "training",
            _("Trainings attended"),
            "附件第二部分(三)1",
            trainings > 0,
            assistance_due,
            _("%(count)s trainings attended.") % {"count": trainings},
        ),
        Step(
            "documents",
            _("Documented management system (manual and procedures)"),
            "附件第二部分(三)",
            bool(documents.get(DocumentLevel.MANUAL)) and bool(documents.get(DocumentLevel.PROCEDURE)),
            start_by,
            _("Manual: %(manual)s; procedures: %(procedures)s; work instructions: %(instructions)s.")
            % {
                "manual": documents.get(DocumentLevel.MANUAL, 0),
                "procedures": documents.get(DocumentLevel.PROCEDURE, 0),
                "instructions": documents.get(DocumentLevel.WORK_INSTRUCTION, 0),
            },
        ),
        Step(
            "operation",
            _("System in operation for at least three months"),
            "附件第二部分(三)2",
            bool(three_months and three_months <= today),
            assistance_due,
            operation_detail,
        ),
        Step(
            "internal_audit",
            _("Internal audit"),
            "附件第二部分(三)2(1)",
            internal_audit is not None,
            assistance_due,
            _("Held %(date)s.") % {"date": date_format(internal_audit.starts_at.date())}
            if internal_audit
            else _out_of_order(localtime(audits[-1].starts_at).date() if audits else None),
        ),
        Step(
            "management_review",
            _("Management review"),
            "附件第二部分(三)2(2)",
            review is not None,
            assistance_due,
            _("Held %(date)s.") % {"date": date_format(review.held_at.date())}
            if review
            else _out_of_order(localtime(reviews[-1].held_at).date() if reviews else None),
        ),
        Step(
            "outcome",
            _("Outcome figures before and after"),
            "附件第二部分(四)",
            bool(outcome and outcome.is_complete),
            summary_due,
            "" if outcome and outcome.is_complete else _("Enter every figure, before and after."),
            # Whoever may not change the figures (the district, the regulator) reads them further down the page.
            url("outcome-edit", enrolment.pk)
            if user.has_perm("enterprises.change_outcome", enrolment)
            else "#outcome-heading",
        ),
        Step(
            "summary",
            _("Implementation and results summary (《企业实施情况及成效总结》)"),
            "正文四(三)",
            summary is not None,
            summary_due,
            _("Uploaded on %(date)s.") % {"date": date_format(summary.uploaded_at.date())} if summary else "",
            url("summary-upload", enrolment.pk) if is_enterprise else "",
        ),
        Step(
            "cases",
            _("1–2 good-practice cases (《小微企业质量管理优良实践案例》)"),
            "附件第二部分(四)",
            bool(shared_cases),
            summary_due,
            _("%(submitted)s submitted, %(total)s written.") % {"submitted": len(shared_cases), "total": len(cases)},
            url("case-list"),
        ),
    ]
    next_marked = False
    for step in steps:
        if step.done:
            step.state = "done"
            continue
        step.days_left = (step.due_on - today).days if step.due_on else None
        if step.due_on and today > step.due_on:
            step.state = "overdue"
        elif not next_marked:
            step.state = "next"
            next_marked = True
    return Progress(
        enrolment=enrolment,
        today=today,
        steps=steps,
        outcome=outcome,
        outcome_rows=outcome_rows(outcome),
        summary=summary,
        cases=cases,
    )
