"""Reads of practice cases and their reviews (附件二(四), 五(一)), and R10's per-district recommendation count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import ngettext

from accounts.models import Role
from accounts.scope import scope_of
from campaign.models import Campaign, DeadlineKind
from campaign.selectors import DeadlineProgress, deadline_check, deadline_for, today_local
from enterprises.models import Case, CaseReview, CaseState, OutcomeFigures
from enterprises.policy import RECOMMENDED_STATES, district_recommendation_late
from enterprises.selectors.outcomes import OutcomeRow, outcome_rows


def case_list(*, user, campaign: Campaign | None = None, state: str = "") -> QuerySet[Case]:
    # visible_to is typed as returning a plain ScopedQuerySet (portal.scoping); these rows are cases.
    """Cases the user may see, newest campaign first, each annotated with ``review_count`` and ``scored_count``;
    optionally one campaign's or one state's. One query for any number of rows."""
    queryset = (
        cast("QuerySet[Case]", Case.objects.visible_to(user))
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
    """The case ``pk`` with its enrolment, enterprise, campaign, the people who acted on it and its attachments, or None
    when the user cannot see it."""
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
    """The user's own review of ``case`` (a reviewer's), or None."""
    return CaseReview.objects.visible_to(user).filter(case=case, reviewer=user).first()


def reviews_to_score(*, user, campaign: Campaign) -> QuerySet[CaseReview]:
    """The user's own reviews in ``campaign`` still to score: no score yet, and the case not decided yet (once
    selected or not, a score changes nothing). The home page counts these; the "to score" page lists them."""
    return (
        CaseReview.objects.visible_to(user)
        .filter(reviewer=user, score__isnull=True, case__enrolment__campaign=campaign)
        .exclude(case__state__in=[CaseState.SELECTED, CaseState.NOT_SELECTED])
        .select_related("case__enrolment__enterprise__district")
        .order_by("case__enrolment__enterprise__name", "case__pk")
    )


@dataclass
class CaseToScore:
    """One line of the reviewer's "to score" list: the case and its enterprise's outcome figures before and after."""

    review: CaseReview
    case: Case
    outcome_rows: list[OutcomeRow]


def cases_to_score(*, user, campaign: Campaign) -> list[CaseToScore]:
    """``reviews_to_score`` with each enterprise's outcome figures; two queries whatever the number of cases."""
    reviews = list(reviews_to_score(user=user, campaign=campaign))
    figures = {
        row.enrolment_id: row
        for row in OutcomeFigures.objects.visible_to(user).filter(
            enrolment_id__in={review.case.enrolment_id for review in reviews}
        )
    }
    return [
        CaseToScore(review=review, case=review.case, outcome_rows=outcome_rows(figures.get(review.case.enrolment_id)))
        for review in reviews
    ]


@dataclass
class Recommendation:
    """R10 (五(一) 每区至少推荐1家): how many cases the district has recommended, and whether that is late."""

    recommended: int
    waiting: int
    due_on: date | None
    warn: bool  # none recommended yet: before the deadline a warning, after it overdue
    overdue: bool


def district_recommendation(*, user, campaign: Campaign | None, today: date | None = None) -> Recommendation | None:
    """R10 for a district's case list (五(一) 每区至少推荐1家): its recommended and waiting cases in ``campaign`` and
    whether it is warned or overdue (enterprises.policy.district_recommendation_late); None for other roles."""
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
                filter=Q(state__in=RECOMMENDED_STATES),
            ),
            waiting=Count("pk", filter=Q(state=CaseState.SUBMITTED)),
        )
    )
    deadline = deadline_for(campaign, DeadlineKind.CASE_RECOMMENDATION)
    due_on = deadline.due_on if deadline else None
    warn, overdue = district_recommendation_late(recommended=counts["recommended"], due_on=due_on, today=today)
    return Recommendation(
        recommended=counts["recommended"], waiting=counts["waiting"], due_on=due_on, warn=warn, overdue=overdue
    )


# --- Deadline checks for the home pages --------------------------------------------------------------------------
# The campaign calendar knows the dates; these say whether the work behind one is done for the user (None: nothing for
# this role to judge). Registered with campaign.selectors.deadline_check when this module is imported (from
# EnterprisesConfig.ready); one or two queries whatever the number of enrolments.


@deadline_check(DeadlineKind.CASE_RECOMMENDATION)
def district_recommended_a_case(*, user, scope, campaign):
    # 五(一) and R10: 每区至少推荐1家.
    """五(一), R10: a district has recommended at least one case (the district's home page)."""
    if scope.role != Role.MEMBER_UNIT or not scope.member_unit_is_district:
        return None
    recommended = (
        Case.objects.visible_to(user).filter(enrolment__campaign=campaign, state__in=RECOMMENDED_STATES).count()
    )
    detail = (
        ngettext("%(count)s case recommended.", "%(count)s cases recommended.", recommended) % {"count": recommended}
        if recommended
        else ""
    )
    return DeadlineProgress(done=recommended > 0, detail=detail, url=reverse("enterprises:case-list"))


@deadline_check(DeadlineKind.CASE_SELECTION)
def cases_scored_and_selected(*, user, scope, campaign):
    # 五(一): 组织专家评选优秀案例 — reviewers score, the regulator selects.
    """五(一) 组织专家评选优秀案例: a reviewer has scored the cases assigned to them; the regulator has decided every
    recommended case."""
    if scope.role == Role.REVIEWER:
        reviews = CaseReview.objects.visible_to(user).filter(case__enrolment__campaign=campaign)
        waiting = reviews_to_score(user=user, campaign=campaign).count()
        if not waiting and not reviews.exists():
            return None
        detail = (
            ngettext("%(count)s case waits for your score.", "%(count)s cases wait for your score.", waiting)
            % {"count": waiting}
            if waiting
            else ""
        )
        return DeadlineProgress(done=waiting == 0, detail=detail, url=reverse("enterprises:case-to-score"))
    if scope.role == Role.REGULATOR:
        cases = Case.objects.visible_to(user).filter(enrolment__campaign=campaign)
        waiting = cases.filter(state__in=[CaseState.RECOMMENDED, CaseState.SCORED]).count()
        detail = (
            ngettext(
                "%(count)s recommended case is not decided yet.",
                "%(count)s recommended cases are not decided yet.",
                waiting,
            )
            % {"count": waiting}
            if waiting
            else ""
        )
        return DeadlineProgress(
            done=waiting == 0 and cases.exists(), detail=detail, url=reverse("enterprises:case-list")
        )
    return None
