"""Reads for enterprise records and enrolments, all through visible_to, at a query count that does not grow with
the rows (STYLE.md §10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from accounts.models import Role
from accounts.scope import scope_of
from campaign.models import Campaign, Deadline, DeadlineKind, Phase, PhaseKind
from enterprises.models import (
    ENDED_STATES,
    Certificate,
    Enrolment,
    EnrolmentState,
    EnrolmentTransition,
    Enterprise,
    RosterImport,
    Screening,
)

ACTIVE_STATES = [s for s in EnrolmentState.values if s not in ENDED_STATES]
BEFORE_ASSIGNMENT = [EnrolmentState.NOMINATED, EnrolmentState.SCREENED]
IN_ASSISTANCE = [EnrolmentState.ASSIGNED, EnrolmentState.DIAGNOSED, EnrolmentState.BUILDING, EnrolmentState.OPERATING]


def _phase_date(kind: str, field: str, campaign_ref: str = "campaign"):
    return Subquery(Phase.objects.filter(campaign=OuterRef(campaign_ref), kind=kind).values(field)[:1])


def _campaign_bounds(campaign_ref: str = "campaign"):
    starts = Phase.objects.filter(campaign=OuterRef(campaign_ref)).order_by("starts_on").values("starts_on")[:1]
    ends = Phase.objects.filter(campaign=OuterRef(campaign_ref)).order_by("-ends_on").values("ends_on")[:1]
    return Subquery(starts), Subquery(ends)


def with_calendar(queryset: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Annotate each enrolment with the dates of its campaign's calendar that overdue and R12 read."""
    starts, ends = _campaign_bounds()
    return queryset.annotate(
        campaign_starts_on=starts,
        campaign_ends_on=ends,
        deployment_ends_on=_phase_date(PhaseKind.DEPLOYMENT, "ends_on"),
        assistance_ends_on=_phase_date(PhaseKind.ASSISTANCE, "ends_on"),
        summary_due_on=Subquery(
            Deadline.objects.filter(campaign=OuterRef("campaign"), kind=DeadlineKind.ENTERPRISE_SUMMARY).values(
                "due_on"
            )[:1]
        ),
    )


def overdue_q(today: date) -> Q:
    """An enrolment is overdue when its state is behind its campaign's calendar (on a ``with_calendar`` queryset):

    - still nominated or screened (no expert yet) after the deployment phase has ended (四(一): 5月初 部署; the
      assistance needs the enterprise chosen and screened by then);
    - assigned, diagnosed, building or operating — not yet reviewed (internal audit and management review, R7) —
      after the assistance phase has ended (四(二): 帮扶提升 runs to October);
    - reviewed but its results (figures and summary) not delivered after the enterprise-summary deadline
      (附件二(四), 五(一): materials by 30 November).

    Ended enrolments (closed, rejected, withdrawn) and those with results delivered are never overdue.
    """
    return (
        Q(state__in=BEFORE_ASSIGNMENT, deployment_ends_on__lt=today)
        | Q(state__in=IN_ASSISTANCE, assistance_ends_on__lt=today)
        | Q(state=EnrolmentState.REVIEWED, summary_due_on__lt=today)
    )


def audit_due_q() -> Q:
    """R12 (附件二: 对已获证小微企业,应关注实施监督或再认证的时限要求): an enrolment still under way whose enterprise holds
    a certificate with its next surveillance or recertification audit between its campaign's first phase start and
    last phase end (on a ``with_calendar`` queryset)."""
    due = Certificate.objects.filter(
        enterprise=OuterRef("enterprise"),
        next_audit_on__gte=OuterRef("campaign_starts_on"),
        next_audit_on__lte=OuterRef("campaign_ends_on"),
    )
    return Q(Exists(due)) & Q(state__in=ACTIVE_STATES)


def _flag(condition: Q):
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _next_audit(campaign_ref_start="campaign_starts_on", campaign_ref_end="campaign_ends_on"):
    return Certificate.objects.filter(
        enterprise=OuterRef("enterprise"),
        next_audit_on__gte=OuterRef(campaign_ref_start),
        next_audit_on__lte=OuterRef(campaign_ref_end),
    ).order_by("next_audit_on")


def with_flags(queryset: QuerySet[Enrolment], today: date) -> QuerySet[Enrolment]:
    """``with_calendar`` plus ``is_overdue``, ``audit_due``, ``next_audit_on`` (R12), ``is_certified`` and
    ``screening_passed`` — subqueries, so a page of any length costs one query."""
    return with_calendar(queryset).annotate(
        is_overdue=_flag(overdue_q(today)),
        audit_due=_flag(audit_due_q()),
        next_audit_on=Subquery(_next_audit().values("next_audit_on")[:1]),
        is_certified=Exists(Certificate.objects.filter(enterprise=OuterRef("enterprise"))),
        screening_passed=Subquery(Screening.objects.filter(enrolment=OuterRef("pk")).values("passed")[:1]),
    )


@dataclass
class EnrolmentFilters:
    campaign: Campaign | None = None
    district: object | None = None
    cluster: str = ""
    state: str = ""
    certified: bool | None = None
    overdue: bool = False
    audit_due: bool = False
    q: str = ""


def enrolment_list(*, user, filters: EnrolmentFilters | None = None, today: date | None = None) -> QuerySet[Enrolment]:
    """Enrolments the user may see, annotated with ``is_overdue``, ``audit_due``, ``next_audit_on``,
    ``is_certified`` and ``screening_passed`` — one query for any number of rows."""
    filters = filters or EnrolmentFilters()
    today = today or timezone.localdate()
    queryset = with_flags(Enrolment.objects.visible_to(user), today)
    if filters.campaign is not None:
        queryset = queryset.filter(campaign=filters.campaign)
    if filters.district is not None:
        queryset = queryset.filter(enterprise__district=filters.district)
    if filters.cluster:
        queryset = queryset.filter(enterprise__cluster=filters.cluster)
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.certified is not None:
        queryset = queryset.filter(is_certified=filters.certified)
    if filters.overdue:
        queryset = queryset.filter(overdue_q(today))
    if filters.audit_due:
        queryset = queryset.filter(audit_due_q())
    if filters.q:
        queryset = queryset.filter(
            Q(enterprise__name__icontains=filters.q) | Q(enterprise__credit_code=filters.q.upper())
        )
    return queryset.select_related("enterprise", "enterprise__district", "campaign").order_by(
        "-campaign__year", "enterprise__district__sort_order", "enterprise__name", "pk"
    )


def enterprise_list(*, user, district=None, cluster: str = "", q: str = "") -> QuerySet[Enterprise]:
    certified = Exists(Certificate.objects.filter(enterprise=OuterRef("pk")))
    queryset = Enterprise.objects.visible_to(user).annotate(is_certified=certified).select_related("district")
    if district is not None:
        queryset = queryset.filter(district=district)
    if cluster:
        queryset = queryset.filter(cluster=cluster)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(credit_code=q.upper()))
    return queryset.order_by("district__sort_order", "name", "pk")


def r12_audits_due(*, user, campaign: Campaign | None, limit: int = 10) -> list[Enrolment]:
    """R12 for a home page: the user's enrolled certified enterprises whose audit falls due inside ``campaign``,
    soonest first (the district sees its district's, the expert the enterprises assigned to them)."""
    if campaign is None:
        return []
    rows = enrolment_list(user=user, filters=EnrolmentFilters(campaign=campaign, audit_due=True))
    return list(rows.order_by("next_audit_on", "pk")[:limit])


def shows_r12(user) -> bool:
    scope = scope_of(user)
    return scope is not None and (
        (scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district) or scope.role == Role.EXPERT
    )


# --- the enterprise page ------------------------------------------------------------------------------------------


def enterprise_for_page(*, user, pk: int) -> Enterprise:
    """The enterprise with its certificates and enrolments (and their screening and transitions) in fixed queries."""
    from django.shortcuts import get_object_or_404

    enrolments = with_calendar(Enrolment.objects.visible_to(user)).annotate(
        audit_due=_flag(audit_due_q()),
        is_overdue=_flag(overdue_q(timezone.localdate())),
    )
    return get_object_or_404(
        Enterprise.objects.visible_to(user)
        .select_related("district", "tenant")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.visible_to(user).order_by("-issued_on", "pk")),
            Prefetch(
                "enrolments",
                queryset=enrolments.select_related("campaign", "nominated_by", "screening", "screening__checked_by")
                .prefetch_related("screening__evidence")
                .order_by("-campaign__year"),
            ),
        ),
        pk=pk,
    )


@dataclass
class TimelineEntry:
    at: datetime | date
    kind: str  # a short key the template uses for the icon/label
    title: str
    detail: str = ""
    who: str = ""
    url: str = ""


def enterprise_timeline(*, user, enterprise: Enterprise) -> list[TimelineEntry]:
    """Everything that happened to the enterprise, newest first: nomination, screening, each state change (who, when,
    why), certificates, and — read through visible_to — visits, trainings, cases and the summary from the other
    slices. A fixed number of queries whatever the history's length."""
    from django.utils.translation import gettext as _

    from enterprises.models import Case as PracticeCase
    from enterprises.models import ImplementationSummary

    entries: list[TimelineEntry] = []
    enrolments = list(enterprise.enrolments.all())
    for enrolment in enrolments:
        entries.append(
            TimelineEntry(
                at=enrolment.nominated_at,
                kind="nominated",
                title=_("Nominated for %(campaign)s") % {"campaign": enrolment.campaign.title},
                who=str(enrolment.nominated_by),
            )
        )
        screening = getattr(enrolment, "screening", None)
        if screening is not None:
            entries.append(
                TimelineEntry(
                    at=screening.checked_on,
                    kind="screening",
                    title=_("Eligibility screening: eligible")
                    if screening.passed
                    else _("Eligibility screening: not eligible"),
                    detail="；".join(screening.failure_reasons),
                    who=str(screening.checked_by),
                )
            )
    transitions = (
        EnrolmentTransition.objects.visible_to(user).filter(enrolment__enterprise=enterprise).select_related("by")
    )
    for transition in transitions:
        entries.append(
            TimelineEntry(
                at=transition.at,
                kind="transition",
                title=f"{transition.get_from_state_display()} → {transition.get_to_state_display()}",
                detail=transition.reason,
                who=str(transition.by),
            )
        )
    for certificate in enterprise.certificates.all():
        entries.append(
            TimelineEntry(
                at=certificate.issued_on,
                kind="certificate",
                title=_("ISO 9001 certificate %(number)s issued by %(body)s")
                % {"number": certificate.number, "body": certificate.issuing_body},
            )
        )
    entries.extend(_assistance_entries(user, enterprise))
    for case in (
        PracticeCase.objects.visible_to(user).filter(enrolment__enterprise=enterprise).select_related("created_by")
    ):
        entries.append(
            TimelineEntry(
                at=case.submitted_at or case.created_at,
                kind="case",
                title=_("Practice case “%(title)s” (%(state)s)")
                % {"title": case.title, "state": case.get_state_display()},
                who=str(case.created_by),
            )
        )
    for summary in (
        ImplementationSummary.objects.visible_to(user)
        .filter(enrolment__enterprise=enterprise)
        .select_related("uploaded_by")
    ):
        entries.append(
            TimelineEntry(
                at=summary.uploaded_at,
                kind="summary",
                title=_("Implementation summary uploaded: %(name)s") % {"name": summary.original_name},
                who=str(summary.uploaded_by),
            )
        )
    return sorted(entries, key=lambda e: _sortable(e.at), reverse=True)


def _assistance_entries(user, enterprise: Enterprise) -> list[TimelineEntry]:
    from django.utils.translation import gettext as _

    from assistance.models import Training, Visit

    entries = []
    for visit in Visit.objects.visible_to(user).filter(enrolment__enterprise=enterprise).select_related("expert__user"):
        entries.append(
            TimelineEntry(
                at=visit.visited_on,
                kind="visit",
                title=_("Visit: %(kind)s") % {"kind": visit.get_kind_display()},
                detail=visit.participants,
                who=str(visit.expert.user),
            )
        )
    for training in Training.objects.visible_to(user).filter(enterprises=enterprise):
        entries.append(
            TimelineEntry(
                at=training.held_on,
                kind="training",
                title=_("%(kind)s: %(topic)s") % {"kind": training.get_kind_display(), "topic": training.topic},
            )
        )
    return entries


def _sortable(value) -> datetime:
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return datetime(value.year, value.month, value.day, 23, 59)


def roster_import_list(*, user, limit: int = 10) -> QuerySet[RosterImport]:
    return (
        RosterImport.objects.visible_to(user).select_related("created_by", "campaign", "district").defer("rows")[:limit]
    )
