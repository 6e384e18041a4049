"""Reads for the enterprise's own pages and its outputs, all through visible_to, at a fixed number of queries.

``enrolment_progress`` is the checklist of 附件二 for one enrolment: the enterprise sees it as its home, the district,
the expert and the regulator see the same data on that enterprise's page (templates/enterprises/outputs/
_progress.html). Each step reads the assistance rows the viewer may see, and takes its "by when" from the campaign's
deadlines.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
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
from campaign.models import Campaign, Deadline, DeadlineKind
from campaign.selectors import campaign_current, deadline_for, today_local
from enterprises.models import (
    Case,
    CaseReview,
    CaseState,
    Complaint,
    Enrolment,
    ImplementationSummary,
    OutcomeFigures,
    Screening,
)

OPERATION_MONTHS = 3  # 附件二(三)2: 体系运行时间至少为3个月 (R7)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- the enterprise's enrolment -----------------------------------------------------------------------------------


def _enrolment_queryset(user) -> QuerySet[Enrolment]:
    return Enrolment.objects.visible_to(user).select_related("enterprise", "enterprise__district", "campaign")


def enrolment_for_progress(*, user, pk: int) -> Enrolment | None:
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


# --- outcome figures ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str  # shown after the values
    percent: bool  # a rate in %: the change is in percentage points
    higher_is_better: bool


METRICS = [
    Metric("revenue", gettext_lazy("Revenue"), gettext_lazy("10k yuan"), False, True),
    Metric("profit_margin", gettext_lazy("Profit margin"), "%", True, True),
    Metric("quality_cost_rate", gettext_lazy("Quality cost rate"), "%", True, False),
    Metric("pass_rate", gettext_lazy("Product pass rate"), "%", True, True),
    Metric("complaints", gettext_lazy("Customer complaints"), gettext_lazy("complaints"), False, False),
    Metric("on_time_delivery", gettext_lazy("On-time delivery rate"), "%", True, True),
]

MINUS = "\u2212"


def _signed(value: Decimal) -> str:
    text = f"{abs(value):.1f}".removesuffix(".0")
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"{MINUS}{text}"
    return "0"


def change_text(metric: Metric, before, after) -> str:
    """“+3.2 个百分点” for a rate; “−15%” relative change for an amount or count (the plain difference when the
    baseline is 0)."""
    if before is None or after is None:
        return ""
    difference = Decimal(after) - Decimal(before)
    if metric.percent:
        return _("%(change)s percentage points") % {"change": _signed(difference)}
    if before == 0:
        return _signed(difference)
    return f"{_signed(difference / Decimal(before) * 100)}%"


@dataclass
class OutcomeRow:
    metric: Metric
    baseline: object
    end: object
    change: str
    trend: str  # "better" | "worse" | "same" | ""


def outcome_rows(outcome: OutcomeFigures | None) -> list[OutcomeRow]:
    rows = []
    for metric in METRICS:
        before = getattr(outcome, f"{metric.key}_baseline", None) if outcome else None
        after = getattr(outcome, f"{metric.key}_end", None) if outcome else None
        trend = ""
        if before is not None and after is not None:
            if after == before:
                trend = "same"
            else:
                trend = "better" if (after > before) == metric.higher_is_better else "worse"
        rows.append(OutcomeRow(metric, before, after, change_text(metric, before, after), trend))
    return rows


def outcome_for(*, user, enrolment: Enrolment) -> OutcomeFigures | None:
    return OutcomeFigures.objects.visible_to(user).filter(enrolment=enrolment).select_related("updated_by").first()


def summary_for(*, user, enrolment: Enrolment) -> ImplementationSummary | None:
    return (
        ImplementationSummary.objects.visible_to(user).filter(enrolment=enrolment).select_related("uploaded_by").first()
    )


def summary_history(summary: ImplementationSummary, limit: int = 20) -> list:
    """Who uploaded which file when, newest first (django-simple-history, one query)."""
    return list(summary.history.select_related("history_user").order_by("-history_date")[:limit])


# --- the checklist of 附件二 -----------------------------------------------------------------------------------------


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


def enrolment_progress(*, user, enrolment: Enrolment, today: date | None = None) -> Progress:
    """The checklist for ``enrolment`` as ``user`` may see it (about fifteen queries, whatever the data)."""
    today = today or today_local()
    campaign = enrolment.campaign
    assistance_due = _due(campaign, DeadlineKind.ASSISTANCE_COMPLETE)
    summary_due = _due(campaign, DeadlineKind.ENTERPRISE_SUMMARY)
    # 附件二(三)2: three months of operation must fit before assistance ends, so everything that comes before
    # operation (screening, expert, diagnosis, plan, documents) is due by then.
    start_by = add_months(assistance_due, -OPERATION_MONTHS) if assistance_due else None
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
    internal_audit = InternalAudit.objects.visible_to(user).filter(**on).order_by("-starts_at").first()
    review = ManagementReview.objects.visible_to(user).filter(**on).order_by("-held_at").first()
    outcome = outcome_for(user=user, enrolment=enrolment)
    summary = summary_for(user=user, enrolment=enrolment)
    cases = list(Case.objects.visible_to(user).filter(**on).order_by("created_at"))
    shared_cases = [case for case in cases if case.state != CaseState.DRAFT]

    started = enrolment.operation_started_on
    three_months = add_months(started, OPERATION_MONTHS) if started else None
    if started is None:
        operation_detail = (
            _("Not started yet; it must start by %(date)s to run three months in time.")
            % {"date": date_format(start_by)}
            if start_by
            else _("Not started yet.")
        )
    else:
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
            "三、附件二(一)",
            bool(screening and screening.passed),
            start_by,
            _("Passed on %(date)s.") % {"date": date_format(screening.checked_on)}
            if screening and screening.passed
            else "",
        ),
        Step(
            "expert",
            _("Assistance expert assigned"),
            "附件一",
            assignment is not None,
            start_by,
            _("%(expert)s, %(body)s") % {"expert": assignment.expert.user, "body": assignment.expert.body.name}
            if assignment
            else "",
        ),
        Step(
            "diagnosis",
            _("On-site survey and diagnosis"),
            "附件二(二)",
            diagnosis is not None,
            start_by,
            _("Diagnosed on %(date)s.") % {"date": date_format(diagnosis.diagnosed_on)} if diagnosis else "",
        ),
        Step("plan", _("One enterprise, one plan (一企一策)"), "附件二(三)", has_plan, start_by),
        Step(
            "training",
            _("Trainings attended"),
            "附件二(三)1",
            trainings > 0,
            assistance_due,
            _("%(count)s trainings attended.") % {"count": trainings},
        ),
        Step(
            "documents",
            _("Documented management system (manual and procedures)"),
            "附件二(三)",
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
            "附件二(三)2",
            bool(three_months and three_months <= today),
            assistance_due,
            operation_detail,
        ),
        Step(
            "internal_audit",
            _("Internal audit"),
            "附件二(三)2(1)",
            internal_audit is not None,
            assistance_due,
            _("Held %(date)s.") % {"date": date_format(internal_audit.starts_at.date())} if internal_audit else "",
        ),
        Step(
            "management_review",
            _("Management review"),
            "附件二(三)2(2)",
            review is not None,
            assistance_due,
            _("Held %(date)s.") % {"date": date_format(review.held_at.date())} if review else "",
        ),
        Step(
            "outcome",
            _("Outcome figures before and after"),
            "附件二(四)",
            bool(outcome and outcome.is_complete),
            summary_due,
            "" if outcome and outcome.is_complete else _("Enter every figure, before and after."),
            url("outcome-edit", enrolment.pk),
        ),
        Step(
            "summary",
            _("Implementation and results summary (《企业实施情况及成效总结》)"),
            "四(三)",
            summary is not None,
            summary_due,
            _("Uploaded on %(date)s.") % {"date": date_format(summary.uploaded_at.date())} if summary else "",
            url("summary-upload", enrolment.pk) if is_enterprise else "",
        ),
        Step(
            "cases",
            _("1–2 good-practice cases (《小微企业质量管理优良实践案例》)"),
            "附件二(四)",
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


# --- cases ------------------------------------------------------------------------------------------------------


def case_list(*, user, campaign: Campaign | None = None, state: str = "") -> QuerySet[Case]:
    queryset = (
        Case.objects.visible_to(user)
        .select_related("enrolment__enterprise__district", "enrolment__campaign")
        .annotate(
            review_count=Count("reviews", distinct=True),
            scored_count=Count("reviews", filter=Q(reviews__score__isnull=False), distinct=True),
        )
        .order_by("-enrolment__campaign__year", "enrolment__enterprise__name", "created_at", "pk")
    )
    if campaign is not None:
        queryset = queryset.filter(enrolment__campaign=campaign)
    if state:
        queryset = queryset.filter(state=state)
    return queryset


def case_detail(*, user, pk: int) -> Case | None:
    return (
        Case.objects.visible_to(user)
        .select_related(
            "enrolment__enterprise__district",
            "enrolment__campaign",
            "created_by",
            "recommended_by",
            "decided_by",
        )
        .prefetch_related("attachments")
        .filter(pk=pk)
        .first()
    )


def case_reviews(*, user, case: Case) -> list[CaseReview]:
    """The reviews of ``case`` the user may see (the regulator: all; a reviewer: their own)."""
    return list(CaseReview.objects.visible_to(user).filter(case=case).select_related("reviewer").order_by("pk"))


def own_review(*, user, case: Case) -> CaseReview | None:
    return CaseReview.objects.visible_to(user).filter(case=case, reviewer=user).first()


def reviewer_choices(*, user) -> QuerySet[User]:
    """The case reviewers of the regulator's tenant."""
    return (
        User.objects.visible_to(user)
        .filter(is_active=True, membership__role=Role.REVIEWER)
        .select_related("reviewer_profile__affiliated_body")
        .order_by("display_name", "username")
    )


@dataclass
class Recommendation:
    """R10 (五(一) 每区至少推荐1家): how many cases the district has recommended, and whether that is late."""

    recommended: int
    waiting: int
    due_on: date | None
    warn: bool  # none recommended yet: before the deadline a warning, after it overdue
    overdue: bool


def district_recommendation(*, user, campaign: Campaign | None, today: date | None = None) -> Recommendation | None:
    scope = scope_of(user)
    if scope is None or scope.role != Role.MEMBER_UNIT or not scope.member_unit_is_district or campaign is None:
        return None
    today = today or today_local()
    counts = (
        Case.objects.visible_to(user)
        .filter(enrolment__campaign=campaign, enrolment__enterprise__district_id=scope.member_unit_id)
        .aggregate(
            recommended=Count(
                "pk",
                filter=Q(
                    state__in=[CaseState.RECOMMENDED, CaseState.SCORED, CaseState.SELECTED, CaseState.NOT_SELECTED]
                ),
            ),
            waiting=Count("pk", filter=Q(state=CaseState.SUBMITTED)),
        )
    )
    due_on = _due(campaign, DeadlineKind.CASE_RECOMMENDATION)
    none = counts["recommended"] == 0
    return Recommendation(
        recommended=counts["recommended"],
        waiting=counts["waiting"],
        due_on=due_on,
        warn=none,
        overdue=none and due_on is not None and today > due_on,
    )


# --- complaints -------------------------------------------------------------------------------------------------


def complaint_list(*, user, state: str = "") -> QuerySet[Complaint]:
    queryset = (
        Complaint.objects.visible_to(user)
        .select_related("enterprise", "body", "submitted_by", "handled_by")
        .order_by("-submitted_at", "-pk")
    )
    return queryset.filter(state=state) if state else queryset


def complaint_detail(*, user, pk: int) -> Complaint | None:
    return complaint_list(user=user).filter(pk=pk).first()
