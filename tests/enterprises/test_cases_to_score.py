"""The reviewer's "to score" list: exactly the cases of the current campaign still waiting for their score, each with
the enterprise's outcome figures before and after; the home page counts the same cases."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from django.utils import timezone

from campaign.models import Campaign
from enterprises.codes import make_credit_code
from enterprises.models import Case, CaseReview, CaseState, Enrolment, Enterprise, OutcomeFigures
from enterprises.selectors.cases import cases_to_score
from tests.queries import assert_page_queries

TO_SCORE_QUERIES = 13  # the reviewer's list, whatever the number of cases


def _setting(domain):
    """cast.case waits for the reviewer's score; a second case of the campaign is already scored; a case of an older
    campaign waits too, but belongs to that campaign."""
    Case.objects.filter(pk=domain.case.pk).update(state=CaseState.RECOMMENDED)
    scored = domain.draft_case
    Case.objects.filter(pk=scored.pk).update(state=CaseState.SCORED)
    CaseReview.objects.create(
        case=scored, reviewer=domain.reviewer, assigned_by=domain.regulator, score=80, scored_at=timezone.now()
    )
    older = Campaign.objects.create(tenant=domain.tenant, year=2022, title="2022年提升行动")
    old_enrolment = Enrolment.objects.create(
        enterprise=domain.other_enterprise, campaign=older, nominated_by=domain.other_district, state="closed"
    )
    old_case = Case.objects.create(
        enrolment=old_enrolment,
        title="2022年旧案例",
        body="……",
        state=CaseState.RECOMMENDED,
        created_by=domain.enterprise_user,
    )
    CaseReview.objects.create(case=old_case, reviewer=domain.reviewer, assigned_by=domain.regulator)
    return scored, old_case


def test_reviewer_to_score_list_shows_exactly_the_current_campaigns_unscored_cases(as_user, domain):
    scored, old_case = _setting(domain)
    response = as_user(domain.reviewer).get(reverse("enterprises:case-to-score"))
    assert response.status_code == 200
    assert [row.case.pk for row in response.context["rows"]] == [domain.case.pk]
    content = response.content.decode()
    assert domain.case.title in content
    assert scored.title not in content
    assert old_case.title not in content
    assert reverse("enterprises:case-score", args=[domain.case.pk]) in content


def test_reviewer_sees_the_enterprises_figures_before_and_after_beside_the_case(as_user, domain):
    _setting(domain)
    rows = cases_to_score(user=domain.reviewer, campaign=domain.campaign)
    by_metric = {row.metric.key: (row.baseline, row.end) for row in rows[0].outcome_rows}
    assert by_metric["revenue"][0] == domain.outcome.revenue_baseline
    assert by_metric["pass_rate"][0] == domain.outcome.pass_rate_baseline
    assert "800" in as_user(domain.reviewer).get(reverse("enterprises:case-to-score")).content.decode()


def test_home_count_of_cases_to_score_matches_the_list(as_user, domain):
    _setting(domain)
    with time_machine.travel(datetime(2023, 12, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        response = as_user(domain.reviewer).get("/")
    task = next(t for t in response.context["agenda"].tasks if t.url == reverse("enterprises:case-to-score"))
    assert re.findall(r"\d+", str(task.detail)) == ["1"]  # "1 case waits for your score." — as the list shows
    assert task.state != "done"


def test_a_scored_case_leaves_the_list(as_user, domain):
    _setting(domain)
    CaseReview.objects.filter(case=domain.case, reviewer=domain.reviewer).update(score=70, scored_at=timezone.now())
    response = as_user(domain.reviewer).get(reverse("enterprises:case-to-score"))
    assert response.context["rows"] == []


def test_reviewer_does_not_see_figures_of_an_enterprise_whose_case_they_do_not_review(domain):
    from enterprises.models import OutcomeFigures

    CaseReview.objects.filter(reviewer=domain.reviewer).delete()
    assert not OutcomeFigures.objects.visible_to(domain.reviewer).exists()


def test_only_the_reviewer_has_a_to_score_list(as_user, domain):
    for user in (domain.regulator, domain.district, domain.enterprise_user):
        assert as_user(user).get(reverse("enterprises:case-to-score")).status_code == 403


def test_a_decided_case_leaves_the_list_even_unscored(as_user, domain):
    _setting(domain)
    Case.objects.filter(pk=domain.case.pk).update(state=CaseState.NOT_SELECTED)
    assert cases_to_score(user=domain.reviewer, campaign=domain.campaign) == []


def _more_cases_to_score(domain, n, start):
    for i in range(start, start + n):
        enterprise = Enterprise.objects.create(
            tenant=domain.tenant,
            name=f"评分企业{i}",
            credit_code=make_credit_code("120116", 30000 + i),
            district=domain.district_unit,
            district_sort_order=domain.district_unit.sort_order,
        )
        enrolment = Enrolment.objects.create(
            enterprise=enterprise, campaign=domain.campaign, nominated_by=domain.district
        )
        OutcomeFigures.objects.create(enrolment=enrolment, revenue_baseline=100 + i, updated_by=domain.enterprise_user)
        case = Case.objects.create(
            enrolment=enrolment, title=f"案例{i}", body="……", state=CaseState.RECOMMENDED, created_by=domain.district
        )
        CaseReview.objects.create(case=case, reviewer=domain.reviewer, assigned_by=domain.regulator)


def test_to_score_list_costs_the_same_queries_at_small_and_large_n(as_user, domain):
    client = as_user(domain.reviewer)
    _more_cases_to_score(domain, 2, 0)
    response = assert_page_queries(client, reverse("enterprises:case-to-score"), TO_SCORE_QUERIES)
    assert len(response.context["rows"]) == 3  # and cast.case, waiting too
    _more_cases_to_score(domain, 20, 100)
    response = assert_page_queries(client, reverse("enterprises:case-to-score"), TO_SCORE_QUERIES)
    assert len(response.context["rows"]) == 23
