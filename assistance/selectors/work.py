"""Reads for the expert's work, all through visible_to, with query counts that do not grow with the rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils.translation import gettext as _

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
    Training,
    TrainingKind,
    Urgency,
    Visit,
)
from assistance.services.operation import MIN_OPERATION_MONTHS, add_months
from campaign.models import Campaign, Deadline, DeadlineKind, MemberUnit, MemberUnitKind, Phase
from campaign.selectors import deadline_for, today_local
from enterprises.models import ENROLMENT_ORDER, Enrolment, EnrolmentState

# --- "my enterprises" -----------------------------------------------------------------------------------------------


@dataclass
class NextStep:
    """What is due next on an enrolment, by when, and whether it is late."""

    title: str
    due_on: date | None = None
    earliest_on: date | None = None  # R7: the review cannot come before three months of operation
    is_overdue: bool = False


def _assisted_enrolments(user) -> QuerySet[Enrolment]:
    active = Assignment.objects.filter(enrolment=OuterRef("pk"), ended_at__isnull=True)
    return (
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


def next_step(enrolment: Enrolment, today: date | None = None) -> NextStep | None:
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
        earliest = (
            add_months(enrolment.operation_started_on, MIN_OPERATION_MONTHS) if enrolment.operation_started_on else None
        )
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
    enrolment: Enrolment
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


_URGENCY_ORDER = {Urgency.HIGH: 0, Urgency.MEDIUM: 1, Urgency.LOW: 2}


def plan_key_issues_draft(*, enrolment: Enrolment, user) -> str:
    """一企一策 derived from the diagnosis: the open problems, most urgent first, one line each."""
    problems = Problem.objects.visible_to(user).filter(
        diagnosis__enrolment=enrolment, status__in=[ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS]
    )
    ordered = sorted(problems, key=lambda p: (_URGENCY_ORDER.get(p.urgency, 9), p.due_on or date.max, p.pk))
    return "\n".join(
        f"{i}. [{p.category}·{p.get_urgency_display()}] {p.description}" for i, p in enumerate(ordered, start=1)
    )


# --- trainings and R8 -----------------------------------------------------------------------------------------------


def training_list(*, user, campaign: Campaign | None = None) -> QuerySet[Training]:
    queryset = (
        Training.objects.visible_to(user)
        .select_related("campaign", "district", "organiser")
        .annotate(enterprise_count=Count("enterprises", distinct=True))
        .order_by("-held_on", "-pk")
    )
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    return queryset


# 附件二(三)1(1)(2): 按地区, 提升活动期间至少组织1次集中培训 and 至少组织1次行业培训.
R8_REQUIRED_KINDS = (TrainingKind.CENTRALISED, TrainingKind.INDUSTRY)


@dataclass
class DistrictTrainings:
    """R8 for one district: how many trainings of each kind, person-times, and the required kinds still missing."""

    district: MemberUnit
    by_kind: dict[str, int] = field(default_factory=dict)
    person_times: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def missing(self) -> list[str]:
        return [TrainingKind(kind).label for kind in R8_REQUIRED_KINDS if not self.by_kind.get(kind)]

    @property
    def is_compliant(self) -> bool:
        return not self.missing

    def count(self, kind: str) -> int:
        return self.by_kind.get(kind, 0)


def training_compliance(*, user, campaign: Campaign) -> list[DistrictTrainings]:
    """R8 per district the user may see: two queries whatever the number of districts and trainings."""
    rows = {
        unit.pk: DistrictTrainings(district=unit)
        for unit in MemberUnit.objects.visible_to(user)
        .filter(tenant_id=campaign.tenant_id, kind=MemberUnitKind.DISTRICT)
        .order_by("sort_order", "name")
    }
    counts = (
        Training.objects.visible_to(user)
        .filter(campaign=campaign, district_id__in=list(rows))
        .order_by()
        .values("district_id", "kind")
        .annotate(n=Count("pk"), people=Sum("person_times"))
    )
    for item in counts:
        row = rows[item["district_id"]]
        row.by_kind[item["kind"]] = item["n"]
        row.person_times += item["people"] or 0
    return list(rows.values())


def get_visible_campaign(user, pk) -> Campaign:
    campaign = Campaign.objects.visible_to(user).filter(pk=pk).prefetch_related("phases").first()
    if campaign is None:
        raise Http404
    return campaign
