"""Reads of enrolments: the list with its flags (overdue against the campaign's calendar; R12's audit due), and the
R12 block of a home page — one query for any number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.models import Role
from accounts.scope import scope_of
from campaign.models import Campaign, Deadline, DeadlineKind, MemberUnit, Phase, PhaseKind
from campaign.selectors import DeadlineProgress, deadline_check
from enterprises.models import ENDED_STATES, Certificate, Enrolment, EnrolmentState, Screening
from enterprises.policy import audit_due_q, audits_due_in_campaign

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


def flag(condition: Q):
    """``condition`` as a boolean annotation (True where it holds, else False)."""
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def with_flags(queryset: QuerySet[Enrolment], today: date) -> QuerySet[Enrolment]:
    """``with_calendar`` plus ``is_overdue``, ``audit_due``, ``next_audit_on`` (R12), ``is_certified`` and
    ``screening_passed`` — subqueries, so a page of any length costs one query."""
    return with_calendar(queryset).annotate(
        is_overdue=flag(overdue_q(today)),
        audit_due=flag(audit_due_q()),
        next_audit_on=Subquery(audits_due_in_campaign().values("next_audit_on")[:1]),
        is_certified=Exists(Certificate.objects.filter(enterprise=OuterRef("enterprise"))),
        screening_passed=Subquery(Screening.objects.filter(enrolment=OuterRef("pk")).values("passed")[:1]),
    )


@dataclass
class EnrolmentFilters:
    campaign: Campaign | None = None
    district: MemberUnit | None = None
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
        # is_certified is with_flags' annotation, which django-stubs does not see through the helper's return type.
        queryset = queryset.filter(is_certified=filters.certified)  # type: ignore[misc]
    if filters.overdue:
        queryset = queryset.filter(overdue_q(today))
    if filters.audit_due:
        queryset = queryset.filter(audit_due_q())
    if filters.q:
        queryset = queryset.filter(
            Q(enterprise__name__icontains=filters.q) | Q(enterprise__credit_code=filters.q.upper())
        )
    return queryset.select_related("enterprise", "enterprise__district", "campaign").order_by(
        "-campaign__year", "enterprise__district_sort_order", "enterprise__name", "pk"
    )


def enrolment_for_page(*, user, pk: int) -> Enrolment:
    """The enrolment ``pk`` with its campaign's calendar (``with_calendar``) and what its page shows beside it;
    Http404 when the user cannot see it (the same as a missing row)."""
    rows = with_calendar(Enrolment.objects.visible_to(user)).select_related(
        "enterprise", "enterprise__district", "campaign", "nominated_by"
    )
    return get_object_or_404(rows, pk=pk)


def r12_audits_due(*, user, campaign: Campaign | None, limit: int = 10) -> list[Enrolment]:
    """R12 for a home page: the user's enrolled certified enterprises whose audit falls due inside ``campaign``,
    soonest first (the district sees its district's, the expert the enterprises assigned to them)."""
    if campaign is None:
        return []
    rows = enrolment_list(user=user, filters=EnrolmentFilters(campaign=campaign, audit_due=True))
    # next_audit_on is with_flags' annotation (see enrolment_list), unknown to django-stubs here.
    return list(rows.order_by("next_audit_on", "pk")[:limit])  # type: ignore[misc]


def shows_r12(user) -> bool:
    """Whether the user's home page shows R12's audits due: a district's staff and an expert."""
    scope = scope_of(user)
    return scope is not None and (
        (scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district) or scope.role == Role.EXPERT
    )


def available_transitions(enrolment: Enrolment, user) -> list[str]:
    """Target states the user may try from here (preconditions are checked, and explained, when they try)."""
    # get_available_state_transitions is added to the model by django-fsm's FSMField, which has no type information.
    targets = [t.target for t in enrolment.get_available_state_transitions()]  # type: ignore[attr-defined]
    return [state for state in targets if user.has_perm(f"enterprises.advance_enrolment_to_{state}", enrolment)]


# --- Deadline checks for the home pages --------------------------------------------------------------------------
# The campaign calendar knows the dates; these say whether the work behind one is done for the user (None: nothing for
# this role to judge). Registered with campaign.selectors.deadline_check when this module is imported (from
# EnterprisesConfig.ready); one or two queries whatever the number of enrolments.


_BEFORE_REVIEWED = [
    EnrolmentState.NOMINATED,
    EnrolmentState.SCREENED,
    EnrolmentState.ASSIGNED,
    EnrolmentState.DIAGNOSED,
    EnrolmentState.BUILDING,
    EnrolmentState.OPERATING,
]


@deadline_check(DeadlineKind.ASSISTANCE_COMPLETE)
def assistance_complete(*, user, scope, campaign):
    # 四(二): assistance, system building and operation run May–October; "done" is internal audit and management
    # review recorded (R7) for every enrolment still under way.
    """四(二), R7: every enrolment still under way has its internal audit and management review recorded."""
    enrolments = Enrolment.objects.visible_to(user).filter(campaign=campaign).exclude(state__in=ENDED_STATES)
    if scope.role == Role.MEMBER_UNIT and not scope.member_unit_is_district:
        return None
    behind = enrolments.filter(state__in=_BEFORE_REVIEWED).count()
    if scope.role == Role.ENTERPRISE:
        return DeadlineProgress(done=behind == 0, url=reverse("enterprises:progress"))
    url = reverse("assistance:work-list") if scope.role in (Role.EXPERT, Role.CB_MANAGER) else ""
    if not url:
        url = reverse("enterprises:enrolment-list") + f"?campaign={campaign.pk}"
    detail = (
        ngettext(
            "%(count)s enterprise has not finished its internal audit and management review.",
            "%(count)s enterprises have not finished their internal audit and management review.",
            behind,
        )
        % {"count": behind}
        if behind
        else ""
    )
    return DeadlineProgress(done=behind == 0, detail=detail, url=url)
