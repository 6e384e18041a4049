"""Demo rows of case selection on a rubric (seed_demo, after the journeys and their reviews): the 2023 rubric closed
with every scored review broken down by criterion, the decisions recorded (one selection reversed with its reason) and
the list of excellent cases published; the current year's rubric open, with the scores given so far on it."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils import translation

from campaign.management.demo_campaigns import at
from enterprises.models import (
    Case,
    CaseListPublication,
    CaseReview,
    CaseSelection,
    CaseState,
    CriterionScore,
    Rubric,
    RubricCriterion,
    RubricState,
    SelectionAct,
)
from enterprises.policy import rounded_total, weighted_total
from enterprises.selectors.rubrics import publication_entries
from enterprises.services.rubrics import DEFAULT_CRITERIA, rubric_create


def _criterion_scores(criteria: list[RubricCriterion], reviews: list[CaseReview]) -> None:
    """Each scored review broken down by criterion around its single score (a little above on one criterion, a
    little below on another), its total recomputed as the weighted sum the rubric gives."""
    rows = []
    for review in reviews:
        given = []
        for index, criterion in enumerate(criteria):
            share = (review.score or 0) / 100 * criterion.max_score
            nudge = (review.pk + index) % 3 - 1
            score = max(0, min(criterion.max_score, round(share) + nudge))
            given.append((criterion, score))
            rows.append(CriterionScore(review=review, criterion=criterion, score=score))
        review.score = rounded_total(weighted_total([(c.weight, c.max_score, s) for c, s in given]))
    CriterionScore.objects.bulk_create(rows, batch_size=500)
    CaseReview.objects.bulk_update(reviews, ["score"], batch_size=500)


def _rubric(ctx, campaign, *, state: str, opened_on: date, closed_on: date | None = None) -> Rubric:
    rubric = rubric_create(campaign=campaign, acting_user=ctx.regulator)
    # The regulator's own criterion, in place of the default's placeholder.
    rubric.criteria.filter(order=len(DEFAULT_CRITERIA)).update(
        name="示范带动作用", description="案例在本行业、本区的示范带动作用，以及宣传推广的价值。"
    )
    Rubric.objects.filter(pk=rubric.pk).update(
        state=state,
        created_at=at(opened_on - timedelta(days=10)),
        opened_at=at(opened_on) if state != RubricState.DRAFT else None,
        closed_at=at(closed_on) if closed_on and state == RubricState.CLOSED else None,
    )
    return Rubric.objects.get(pk=rubric.pk)


def _decisions(ctx, campaign) -> int:
    """A CaseSelection row for every decided case, on the day it was decided; the first case not selected had been
    selected, then the selection was reversed with a reason."""
    decided = list(
        Case.objects.filter(
            enrolment__campaign=campaign, state__in=[CaseState.SELECTED, CaseState.NOT_SELECTED]
        ).order_by("pk")
    )
    rows, stamps = [], []
    reversed_once = False
    for case in decided:
        when = case.decided_at or at(date(campaign.year, 12, 20), 15)
        if case.state == CaseState.NOT_SELECTED and not reversed_once:
            reversed_once = True
            rows.append(CaseSelection(case=case, act=SelectionAct.SELECTED, acted_by=ctx.regulator))
            stamps.append(when - timedelta(days=4))
            rows.append(
                CaseSelection(
                    case=case,
                    act=SelectionAct.REVERSED,
                    reason="成效数据与企业统计报表不一致，经区局核实后不再入选。",
                    acted_by=ctx.regulator,
                )
            )
            stamps.append(when - timedelta(days=1))
        act = SelectionAct.SELECTED if case.state == CaseState.SELECTED else SelectionAct.NOT_SELECTED
        rows.append(CaseSelection(case=case, act=act, acted_by=ctx.regulator))
        stamps.append(when)
    created = CaseSelection.objects.bulk_create(rows, batch_size=500)
    for row, stamp in zip(created, stamps, strict=True):
        row.acted_at = stamp
    CaseSelection.objects.bulk_update(created, ["acted_at"], batch_size=500)
    return sum(1 for case in decided if case.state == CaseState.SELECTED)


def seed(ctx, campaign_2023, current) -> list[str]:
    if Rubric.objects.filter(campaign=campaign_2023).exists():
        return []
    year = campaign_2023.year
    rubric = _rubric(
        ctx, campaign_2023, state=RubricState.CLOSED, opened_on=date(year, 11, 29), closed_on=date(year, 12, 18)
    )
    scored = list(CaseReview.objects.filter(case__enrolment__campaign=campaign_2023, score__isnull=False))
    _criterion_scores(list(rubric.criteria.order_by("order")), scored)
    selected = _decisions(ctx, campaign_2023)
    entries = publication_entries(user=ctx.regulator, campaign=campaign_2023)
    if entries:
        publication = CaseListPublication.objects.create(
            campaign=campaign_2023,
            number=1,
            published_by=ctx.regulator,
            note=f"经专家评审，{year}年度全市小微企业质量管理优良实践优秀案例共 {len(entries)} 个，现予发布。",
            entries=entries,
        )
        CaseListPublication.objects.filter(pk=publication.pk).update(published_at=at(date(year, 12, 22), 16))
    lines = [f"{year} 年案例评选：评分标准已结束评分，{len(scored)} 份评分逐项记录，入选 {selected} 个并已发布名单"]
    if current is not None:
        opened_on = date(current.year, 11, 22)
        state = RubricState.OPEN if opened_on <= ctx.today else RubricState.DRAFT
        current_rubric = _rubric(ctx, current, state=state, opened_on=opened_on)
        given = list(CaseReview.objects.filter(case__enrolment__campaign=current, score__isnull=False))
        _criterion_scores(list(current_rubric.criteria.order_by("order")), given)
        with translation.override(settings.LANGUAGE_CODE):
            label = current_rubric.get_state_display()
        lines.append(f"{current.year} 年案例评选：评分标准{label}，已评分 {len(given)} 份")
    return lines
