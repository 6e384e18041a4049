"""Reads of case selection on a rubric (五(一) 组织专家评选优秀案例): the campaign's rubric, the regulator's ranking of
the recommended cases with every reviewer's scores and their spread, and the published list of excellent cases."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Prefetch, QuerySet

from campaign.models import Campaign
from enterprises.models import (
    Case,
    CaseListPublication,
    CaseReview,
    CaseSelection,
    CaseState,
    CriterionScore,
    Rubric,
    RubricCriterion,
    SelectionAct,
)
from enterprises.policy import RECOMMENDED_STATES, weighted_total


def rubric_list(*, user) -> QuerySet[Rubric]:
    """The rubrics the user may see (the tenant's), newest campaign first, with their number of criteria."""
    return (
        Rubric.objects.visible_to(user)
        .select_related("campaign")
        .annotate(criterion_count=Count("criteria"))
        .order_by("-campaign__year", "pk")
    )


def rubric_detail(*, user, pk: int) -> Rubric | None:
    """The rubric ``pk`` with its campaign and criteria (in order), or None when the user cannot see it."""
    return (
        Rubric.objects.visible_to(user)
        .select_related("campaign", "created_by")
        .prefetch_related(Prefetch("criteria", queryset=RubricCriterion.objects.order_by("order", "pk")))
        .filter(pk=pk)
        .first()
    )


def rubric_for_campaign(*, user, campaign: Campaign) -> Rubric | None:
    """The campaign's rubric with its criteria, or None (not set yet, or not the user's tenant)."""
    return (
        Rubric.objects.visible_to(user)
        .prefetch_related(Prefetch("criteria", queryset=RubricCriterion.objects.order_by("order", "pk")))
        .filter(campaign=campaign)
        .first()
    )


@dataclass
class ReviewLine:
    """One reviewer's scores on a case: per criterion in the rubric's order (None: not scored on it), and the total."""

    review: CaseReview
    scores: list[CriterionScore | None]
    total: float | None


@dataclass
class RankingRow:
    """A recommended case with every reviewer's scores, the mean of their totals and how far they differ."""

    case: Case
    lines: list[ReviewLine]
    assigned: int
    done: int
    mean: float | None
    spread: float | None  # highest total − lowest total
    stdev: float | None  # population standard deviation of the totals
    selections: list[CaseSelection] = field(default_factory=list)

    @property
    def last_reversal(self) -> CaseSelection | None:
        reversals = [s for s in self.selections if s.act == SelectionAct.REVERSED]
        return reversals[-1] if reversals else None


def _total(review: CaseReview, scores: list[CriterionScore]) -> float | None:
    """The weighted total on 100, exact from the criterion scores when there are any, else the single score given."""
    if scores:
        return float(weighted_total([(s.criterion.weight, s.criterion.max_score, s.score) for s in scores]))
    return None if review.score is None else float(review.score)


def ranking_stats(totals: list[float]) -> tuple[float | None, float | None, float | None]:
    """(mean, max − min, population standard deviation) of the reviewers' totals; None for each without a total."""
    if not totals:
        return None, None, None
    exact = [Fraction(t) for t in totals]
    mean = float(sum(exact) / len(exact))
    return mean, float(max(exact) - min(exact)), statistics.pstdev(totals)


def case_ranking(*, user, campaign: Campaign, criteria: list[RubricCriterion] | None = None) -> list[RankingRow]:
    """The campaign's recommended cases (and those scored or decided), each with every reviewer's per-criterion scores
    and total, the mean, spread and standard deviation of the totals, and reviews done / assigned; the highest mean
    first, unscored cases last. Four queries whatever the number of cases and reviews."""
    criteria = criteria if criteria is not None else []
    positions = {criterion.pk: index for index, criterion in enumerate(criteria)}
    cases = (
        Case.objects.visible_to(user)
        .filter(enrolment__campaign=campaign, state__in=RECOMMENDED_STATES)
        .select_related("enrolment__enterprise__district")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=CaseReview.objects.visible_to(user)
                .select_related("reviewer")
                .prefetch_related(
                    Prefetch(
                        "criterion_scores",
                        queryset=CriterionScore.objects.visible_to(user).select_related("criterion"),
                    )
                )
                .order_by("pk"),
            ),
            Prefetch(
                "selections", queryset=CaseSelection.objects.visible_to(user).select_related("acted_by").order_by("pk")
            ),
        )
    )
    rows = []
    for case in cases:
        lines = []
        for review in case.reviews.all():
            given = list(review.criterion_scores.all())
            aligned: list[CriterionScore | None] = [None] * len(criteria)
            for score in given:
                if score.criterion_id in positions:
                    aligned[positions[score.criterion_id]] = score
            lines.append(ReviewLine(review=review, scores=aligned, total=_total(review, given)))
        totals = [line.total for line in lines if line.total is not None]
        mean, spread, stdev = ranking_stats(totals)
        rows.append(
            RankingRow(
                case=case,
                lines=lines,
                assigned=len(lines),
                done=len(totals),
                mean=mean,
                spread=spread,
                stdev=stdev,
                selections=list(case.selections.all()),
            )
        )
    rows.sort(key=lambda row: (row.mean is None, -(row.mean or 0), row.case.enrolment.enterprise.name, row.case.pk))
    return rows


def publication_entries(*, user, campaign: Campaign) -> list[dict]:
    """The selected cases of ``campaign`` as they are published (frozen in CaseListPublication.entries), the highest
    mean first."""
    rows = [r for r in case_ranking(user=user, campaign=campaign) if r.case.state == CaseState.SELECTED]
    return [
        {
            "case": row.case.pk,
            "title": row.case.title,
            "enterprise": row.case.enrolment.enterprise.name,
            "district": row.case.enrolment.enterprise.district.name,
            "body": row.case.body,
            "mean": None if row.mean is None else round(row.mean, 1),
        }
        for row in rows
    ]


def publication_list(*, user, campaign: Campaign | None = None) -> QuerySet[CaseListPublication]:
    """The published lists the user may see (every signed-in role of the tenant), the latest version first."""
    queryset = (
        CaseListPublication.objects.visible_to(user)
        .select_related("campaign", "published_by")
        .order_by("-campaign__year", "-number")
    )
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    return queryset


def latest_publication(*, user, campaign: Campaign) -> CaseListPublication | None:
    return publication_list(user=user, campaign=campaign).first()
