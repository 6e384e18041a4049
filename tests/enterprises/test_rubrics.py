"""Case selection on a rubric (五(一) 组织专家评选优秀案例): the regulator's rubric (weights add up to 100, criteria
fixed once scoring opens), scores per criterion (in range, once, only while open; R13 kept), the ranking with its mean
and spread, selection with confirmation, reversal with a reason, and the list published for the whole city."""

import math

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import User
from enterprises.models import (
    Case,
    CaseListPublication,
    CaseReview,
    CaseSelection,
    CaseState,
    CriterionScore,
    Rubric,
    RubricState,
    SelectionAct,
)
from enterprises.selectors.rubrics import case_ranking, publication_entries, ranking_stats
from enterprises.services.cases import case_decide, case_recommend, case_review_assign, case_score
from enterprises.services.rubrics import (
    DEFAULT_CRITERIA,
    CriterionInput,
    CriterionScoreInput,
    case_list_publish,
    case_selection_reverse,
    review_score_on_rubric,
    rubric_close,
    rubric_create,
    rubric_criteria_set,
    rubric_open,
)
from notifications.models import Notification
from tests.queries import assert_page_queries

# A hand-sized rubric: 60 % on a criterion scored out of 10, 40 % on one scored out of 5.
CRITERIA = [
    CriterionInput(name="可复制推广性", description="能否推广", weight=60, max_score=10),
    CriterionInput(name="成效可量化", description="数据", weight=40, max_score=5),
]


def _rubric(domain, *, open_it=True) -> Rubric:
    rubric = rubric_create(campaign=domain.campaign, acting_user=domain.regulator)
    rubric = rubric_criteria_set(
        rubric=rubric, criteria=CRITERIA, expected_version=rubric.version, acting_user=domain.regulator
    )
    if open_it:
        rubric = rubric_open(rubric=rubric, acting_user=domain.regulator)
    return rubric


def _recommended(domain) -> Case:
    """cast.case recommended by its district, with cast.reviewer's review (assigned by tests/domain.py)."""
    return case_recommend(case=domain.case, acting_user=domain.district)


def _scores(rubric, *values, comment="") -> list[CriterionScoreInput]:
    return [
        CriterionScoreInput(criterion_id=c.pk, score=v, comment=comment)
        for c, v in zip(rubric.criteria.order_by("order"), values, strict=True)
    ]


def _score(domain, rubric, *values, reviewer=None, review=None):
    reviewer = reviewer or domain.reviewer
    review = review or CaseReview.objects.get(case=domain.case, reviewer=reviewer)
    return review_score_on_rubric(review=review, scores=_scores(rubric, *values), acting_user=reviewer)


# --- the rubric ------------------------------------------------------------------------------------------------------


def test_the_regulator_starts_from_the_default_criteria_which_add_up_to_100(domain):
    rubric = rubric_create(campaign=domain.campaign, acting_user=domain.regulator)
    names = list(rubric.criteria.order_by("order").values_list("name", flat=True))
    assert names[:3] == ["可复制推广性", "成效可量化", "质量管理深度"] and len(names) == 4
    assert sum(weight for _n, _d, weight, _m in DEFAULT_CRITERIA) == 100
    assert rubric.state == RubricState.DRAFT


@pytest.mark.parametrize("role", ["district", "reviewer", "enterprise_user"])
def test_only_the_regulator_sets_the_rubric(domain, role):
    with pytest.raises(PermissionDenied):
        rubric_create(campaign=domain.campaign, acting_user=getattr(domain, role))


def test_weights_must_add_up_to_100(domain):
    rubric = _rubric(domain, open_it=False)
    bad = [CriterionInput(name="甲", weight=50, max_score=10), CriterionInput(name="乙", weight=30, max_score=10)]
    with pytest.raises(ValidationError) as error:
        rubric_criteria_set(rubric=rubric, criteria=bad, expected_version=rubric.version, acting_user=domain.regulator)
    assert "80%" in error.value.message_dict["criteria"][0] and "100%" in error.value.message_dict["criteria"][0]
    assert sorted(rubric.criteria.values_list("weight", flat=True)) == [40, 60]


def test_every_mistake_in_the_criteria_is_shown_at_once_with_the_input_kept(domain, as_user):
    rubric = _rubric(domain, open_it=False)
    response = as_user(domain.regulator).post(
        reverse("enterprises:rubric-edit", args=[rubric.pk]),
        {
            "version": rubric.version,
            "name_1": "示范带动作用",
            "weight_1": "70",
            "max_score_1": "10",
            "name_2": "",
            "weight_2": "20",
            "max_score_2": "10",
            "name_3": "质量管理深度",
            "weight_3": "150",
            "max_score_3": "10",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    errors = " ".join(form.non_field_errors())
    assert "weight_3" in form.errors  # the form refuses 150
    assert "第 2 项" in errors or "2" in errors  # the unnamed criterion is named by its number
    assert "示范带动作用" in response.content.decode()
    assert sorted(rubric.criteria.values_list("weight", flat=True)) == [40, 60]


def test_criteria_cannot_change_once_scoring_opened(domain, as_user, api):
    rubric = _rubric(domain)
    with pytest.raises(ValidationError) as error:
        rubric_criteria_set(
            rubric=rubric, criteria=CRITERIA[:1], expected_version=rubric.version, acting_user=domain.regulator
        )
    assert error.value.code == "rubric_locked" and "评分已开始" in error.value.messages[0]
    response = api(domain.regulator).put(
        f"/api/v1/rubrics/{rubric.pk}/",
        {"criteria": [{"name": "甲", "weight": 100, "max_score": 10}], "version": rubric.version},
        format="json",
    )
    assert response.status_code == 400
    page = as_user(domain.regulator).get(reverse("enterprises:rubric-edit", args=[rubric.pk]))
    assert page.status_code == 302
    assert rubric.criteria.count() == 2


def test_scoring_cannot_open_unless_the_weights_add_up_to_100(domain):
    rubric = rubric_create(campaign=domain.campaign, acting_user=domain.regulator)
    rubric.criteria.filter(order=4).delete()
    with pytest.raises(ValidationError) as error:
        rubric_open(rubric=rubric, acting_user=domain.regulator)
    assert "85%" in error.value.messages[0]
    assert Rubric.objects.get(pk=rubric.pk).state == RubricState.DRAFT


# --- scores --------------------------------------------------------------------------------------------------------


def test_the_total_is_the_weighted_sum_on_100(domain):
    rubric = _rubric(domain)
    _recommended(domain)
    review = _score(domain, rubric, 8, 3)  # 60 × 8/10 + 40 × 3/5 = 48 + 24
    assert review.score == 72
    stored = CriterionScore.objects.filter(review=review).order_by("criterion__order")
    assert [s.score for s in stored] == [8, 3]
    assert Case.objects.get(pk=domain.case.pk).state == CaseState.SCORED


def test_a_score_outside_the_range_is_refused_naming_the_criterion(domain):
    rubric = _rubric(domain)
    _recommended(domain)
    with pytest.raises(ValidationError) as error:
        _score(domain, rubric, 11, 6)
    messages = error.value.message_dict
    assert len(messages) == 2  # both criteria at once
    assert any("可复制推广性" in m and "10" in m for ms in messages.values() for m in ms)
    assert not CriterionScore.objects.exists()
    assert CaseReview.objects.get(pk=domain.case_review.pk).score is None


def test_a_second_score_by_the_same_reviewer_is_refused(domain):
    rubric = _rubric(domain)
    _recommended(domain)
    _score(domain, rubric, 8, 3)
    with pytest.raises(ValidationError) as error:
        _score(domain, rubric, 10, 5)
    assert error.value.code == "already_scored"
    assert "您已评分，不能重复评分" in error.value.messages[0]
    assert CaseReview.objects.get(pk=domain.case_review.pk).score == 72


def test_the_single_score_is_also_given_once_and_not_at_all_once_the_campaign_has_a_rubric(domain, make_reviewer):
    case = _recommended(domain)
    second = make_reviewer("乙")
    review = case_review_assign(case=case, reviewer=second, acting_user=domain.regulator)
    case_score(review=domain.case_review, score=80, comment="", acting_user=domain.reviewer)
    with pytest.raises(ValidationError) as twice:
        case_score(review=domain.case_review, score=90, comment="", acting_user=domain.reviewer)
    assert twice.value.code == "already_scored"
    _rubric(domain)
    with pytest.raises(ValidationError) as on_rubric:
        case_score(review=review, score=90, comment="", acting_user=second)
    assert on_rubric.value.code == "rubric"


def test_scoring_only_while_the_rubric_is_open(domain):
    rubric = _rubric(domain, open_it=False)
    _recommended(domain)
    with pytest.raises(ValidationError) as draft:
        _score(domain, rubric, 8, 3)
    assert draft.value.code == "rubric_not_open"
    rubric = rubric_open(rubric=rubric, acting_user=domain.regulator)
    rubric_close(rubric=rubric, acting_user=domain.regulator)
    with pytest.raises(ValidationError) as closed:
        _score(domain, rubric, 8, 3)
    assert closed.value.code == "rubric_not_open"
    assert not CriterionScore.objects.exists()


def test_r13_reviewer_from_the_assisting_body_never_gets_the_case_nor_scores_it_on_the_rubric(domain, make_reviewer):
    rubric = _rubric(domain)
    case = _recommended(domain)
    insider = make_reviewer("insider", body=domain.body)  # domain.body's expert assists the enterprise
    with pytest.raises(ValidationError) as error:
        case_review_assign(case=case, reviewer=insider, acting_user=domain.regulator)
    assert domain.body.name in error.value.message_dict["reviewer"][0]
    assert not CaseReview.objects.filter(reviewer=insider).exists()
    # Assigned before the conflict was known: the score on the rubric is refused as well.
    outsider = make_reviewer("outsider")
    review = case_review_assign(case=case, reviewer=outsider, acting_user=domain.regulator)
    outsider.reviewer_profile.affiliated_body = domain.body
    outsider.reviewer_profile.save()
    with pytest.raises(ValidationError) as scored:
        _score(domain, rubric, 8, 3, reviewer=outsider, review=review)
    assert scored.value.code == "r13_conflict"
    assert not CriterionScore.objects.filter(review=review).exists()


def test_the_reviewer_scores_every_criterion_on_one_page_and_keeps_what_was_typed(domain, as_user):
    rubric = _rubric(domain)
    _recommended(domain)
    first, second = rubric.criteria.order_by("order")
    url = reverse("enterprises:case-score", args=[domain.case.pk])
    client = as_user(domain.reviewer)
    page = client.get(url).content.decode()
    assert "可复制推广性" in page and "成效可量化" in page
    refused = client.post(
        url, {f"score_{first.pk}": "12", f"comment_{first.pk}": "很有推广价值", f"score_{second.pk}": ""}
    )
    assert refused.status_code == 200
    errors = refused.context["form"].errors
    assert f"score_{first.pk}" in errors and f"score_{second.pk}" in errors
    assert "很有推广价值" in refused.content.decode()
    client.post(url, {f"score_{first.pk}": "9", f"score_{second.pk}": "4", "comment": "数据翔实"})
    assert CaseReview.objects.get(pk=domain.case_review.pk).score == 86  # 54 + 32


def test_the_reviewer_scores_on_the_rubric_through_the_api(domain, api):
    rubric = _rubric(domain)
    _recommended(domain)
    first, second = rubric.criteria.order_by("order")
    url = f"/api/v1/case-reviews/{domain.case_review.pk}/score/"
    client = api(domain.reviewer)
    out_of_range = client.post(url, {"criteria": [{"criterion": first.pk, "score": 11}]}, format="json")
    assert out_of_range.status_code == 400 and f"score_{first.pk}" in out_of_range.json()
    body = {"criteria": [{"criterion": first.pk, "score": 5}, {"criterion": second.pk, "score": 5, "comment": "好"}]}
    scored = client.post(url, body, format="json")
    assert scored.status_code == 200 and scored.json()["score"] == 70
    assert [s["score"] for s in scored.json()["criterion_scores"]] == [5, 5]
    assert client.post(url, body, format="json").status_code == 400


# --- the ranking ---------------------------------------------------------------------------------------------------


def test_ranking_mean_and_spread_on_a_hand_built_example(domain, make_reviewer):
    rubric = _rubric(domain)
    case = _recommended(domain)
    second, third = make_reviewer("乙"), make_reviewer("丙")
    r2 = case_review_assign(case=case, reviewer=second, acting_user=domain.regulator)
    r3 = case_review_assign(case=case, reviewer=third, acting_user=domain.regulator)
    _score(domain, rubric, 10, 5)  # 100
    _score(domain, rubric, 5, 5, reviewer=second, review=r2)  # 30 + 40 = 70
    _score(domain, rubric, 5, 0, reviewer=third, review=r3)  # 30
    [row] = case_ranking(user=domain.regulator, campaign=domain.campaign, criteria=list(rubric.criteria.all()))
    assert [line.total for line in row.lines] == [100, 70, 30]
    assert [[s.score for s in line.scores] for line in row.lines] == [[10, 5], [5, 5], [5, 0]]
    assert row.mean == pytest.approx(200 / 3)
    assert row.spread == 70
    assert row.stdev == pytest.approx(math.sqrt(((100 - 200 / 3) ** 2 + (70 - 200 / 3) ** 2 + (30 - 200 / 3) ** 2) / 3))
    assert (row.done, row.assigned) == (3, 3)


def test_ranking_stats_without_scores_are_empty_and_one_score_has_no_spread():
    assert ranking_stats([]) == (None, None, None)
    assert ranking_stats([80.0]) == (80.0, 0.0, 0.0)


def test_ranking_puts_the_highest_mean_first_and_unscored_cases_last(domain):
    rubric = _rubric(domain)
    _recommended(domain)
    other = Case.objects.create(
        enrolment=domain.enrolment,
        title="第二个案例",
        body="……",
        state=CaseState.RECOMMENDED,
        created_by=domain.district,
    )
    better = Case.objects.create(
        enrolment=domain.enrolment,
        title="第三个案例",
        body="……",
        state=CaseState.RECOMMENDED,
        created_by=domain.district,
    )
    review = CaseReview.objects.create(case=better, reviewer=domain.reviewer, assigned_by=domain.regulator)
    _score(domain, rubric, 6, 3)  # 60
    _score(domain, rubric, 10, 4, review=review)  # 92
    rows = case_ranking(user=domain.regulator, campaign=domain.campaign, criteria=list(rubric.criteria.all()))
    assert [row.case.pk for row in rows] == [better.pk, domain.case.pk, other.pk]


def _more_ranked_cases(domain, rubric, n, start):
    criteria = list(rubric.criteria.order_by("order"))
    for i in range(start, start + n):
        case = Case.objects.create(
            enrolment=domain.enrolment, title=f"案例{i}", body="……", state=CaseState.SCORED, created_by=domain.district
        )
        review = CaseReview.objects.create(case=case, reviewer=domain.reviewer, assigned_by=domain.regulator, score=50)
        CriterionScore.objects.bulk_create(CriterionScore(review=review, criterion=c, score=1) for c in criteria)
        CaseSelection.objects.create(case=case, act=SelectionAct.NOT_SELECTED, acted_by=domain.regulator)


RANKING_QUERIES = 15
RANKING_API_QUERIES = 8


def test_ranking_page_and_endpoint_cost_the_same_queries_at_small_and_large_n(domain, as_user, api):
    rubric = _rubric(domain)
    _recommended(domain)
    url = reverse("enterprises:rubric-ranking", args=[rubric.pk])
    client = as_user(domain.regulator)
    _more_ranked_cases(domain, rubric, 2, 0)
    assert len(assert_page_queries(client, url, RANKING_QUERIES).context["rows"]) == 3
    endpoint = f"/api/v1/case-ranking/?campaign={domain.campaign.pk}"
    assert len(assert_page_queries(api(domain.regulator), endpoint, RANKING_API_QUERIES).json()) == 3
    _more_ranked_cases(domain, rubric, 15, 100)
    assert len(assert_page_queries(client, url, RANKING_QUERIES).context["rows"]) == 18
    assert len(assert_page_queries(api(domain.regulator), endpoint, RANKING_API_QUERIES).json()) == 18


@pytest.mark.parametrize("role", ["district", "reviewer", "enterprise_user", "cb_manager"])
def test_only_the_regulator_sees_the_ranking(domain, as_user, api, role):
    rubric = _rubric(domain)
    user = getattr(domain, role)
    assert as_user(user).get(reverse("enterprises:rubric-ranking", args=[rubric.pk])).status_code == 403
    assert api(user).get(f"/api/v1/case-ranking/?campaign={domain.campaign.pk}").status_code == 403


# --- selection, reversal, publication --------------------------------------------------------------------------------


def _scored_case(domain):
    rubric = _rubric(domain)
    _recommended(domain)
    _score(domain, rubric, 9, 4)
    return rubric, Case.objects.get(pk=domain.case.pk)


def test_selection_needs_confirmation(domain, as_user):
    _rubric_, case = _scored_case(domain)
    with pytest.raises(ValidationError) as error:
        case_decide(case=case, selected=True, confirmed=False, acting_user=domain.regulator)
    assert "confirm" in error.value.message_dict
    client = as_user(domain.regulator)
    client.post(reverse("enterprises:case-decide", args=[case.pk]), {"decision": "selected"})
    assert Case.objects.get(pk=case.pk).state == CaseState.SCORED
    assert not CaseSelection.objects.exists()
    client.post(reverse("enterprises:case-decide", args=[case.pk]), {"decision": "selected", "confirm": "1"})
    assert Case.objects.get(pk=case.pk).state == CaseState.SELECTED
    assert CaseSelection.objects.get().act == SelectionAct.SELECTED


def test_reversal_needs_a_reason_and_is_recorded_and_shown(domain, as_user):
    rubric, case = _scored_case(domain)
    case = case_decide(case=case, selected=True, confirmed=True, acting_user=domain.regulator)
    with pytest.raises(ValidationError) as error:
        case_selection_reverse(case=case, reason=" ", acting_user=domain.regulator)
    assert "reason" in error.value.message_dict
    assert Case.objects.get(pk=case.pk).state == CaseState.SELECTED
    with pytest.raises(PermissionDenied):
        case_selection_reverse(case=case, reason="数据存疑", acting_user=domain.district)
    client = as_user(domain.regulator)
    client.post(reverse("enterprises:case-reverse-selection", args=[case.pk]), {"reason": "成效数据与统计报表不符"})
    case.refresh_from_db()
    assert case.state == CaseState.SCORED and case.decided_by is None
    reversal = CaseSelection.objects.get(act=SelectionAct.REVERSED)
    assert (reversal.reason, reversal.acted_by) == ("成效数据与统计报表不符", domain.regulator)
    page = client.get(reverse("enterprises:rubric-ranking", args=[rubric.pk])).content.decode()
    assert "成效数据与统计报表不符" in page


def test_publication_is_read_by_every_role_of_the_tenant_and_is_404_for_a_foreign_one(domain, foreign, as_user, client):
    _rubric_, case = _scored_case(domain)
    case_decide(case=case, selected=True, confirmed=True, acting_user=domain.regulator)
    entries = publication_entries(user=domain.regulator, campaign=domain.campaign)
    publication = case_list_publish(campaign=domain.campaign, entries=entries, acting_user=domain.regulator)
    url = reverse("enterprises:published-case-detail", args=[publication.pk])
    for user in domain.users().values():
        response = as_user(user).get(url)
        assert response.status_code == 200, user
        assert case.title in response.content.decode() and domain.enterprise.name in response.content.decode()
        listed = as_user(user).get(reverse("enterprises:published-case-list"))
        assert case.title in listed.content.decode()
    for user in foreign.users().values():
        assert as_user(user).get(url).status_code == 404
    told = set(Notification.objects.filter(url=url).values_list("recipient__username", flat=True))
    staff = User.objects.filter(membership__role="member_unit", membership__organisation__tenant=domain.tenant)
    assert told == {domain.enterprise_user.username} | set(staff.values_list("username", flat=True))
    assert domain.district.username in told and domain.reviewer.username not in told


def test_publishing_again_makes_a_new_version_and_the_latest_is_shown(domain, make_reviewer, as_user):
    _rubric_, case = _scored_case(domain)
    with pytest.raises(ValidationError) as empty:
        case_list_publish(campaign=domain.campaign, entries=[], acting_user=domain.regulator)
    assert empty.value.code == "empty"
    case = case_decide(case=case, selected=True, confirmed=True, acting_user=domain.regulator)
    client = as_user(domain.regulator)
    rubric = Rubric.objects.get(campaign=domain.campaign)
    publish = reverse("enterprises:rubric-publish", args=[rubric.pk])
    client.post(publish, {"note": "第一批"})  # not confirmed
    assert not CaseListPublication.objects.exists()
    client.post(publish, {"note": "第一批", "confirm": "on"})
    first = CaseListPublication.objects.get()
    assert first.number == 1 and [e["title"] for e in first.entries] == [case.title]
    client.post(publish, {"confirm": "on"})  # nothing changed: refused
    assert CaseListPublication.objects.count() == 1
    case_selection_reverse(case=case, reason="数据存疑", acting_user=domain.regulator)
    Case.objects.filter(pk=case.pk).update(title="改后标题")
    case_decide(case=Case.objects.get(pk=case.pk), selected=True, confirmed=True, acting_user=domain.regulator)
    client.post(publish, {"confirm": "on"})
    second = CaseListPublication.objects.get(number=2)
    assert first.entries[0]["title"] == case.title  # the first version stays as published
    latest = as_user(domain.enterprise_user).get(reverse("enterprises:published-case-list"))
    assert latest.context["publication"] == second and "改后标题" in latest.content.decode()


PUBLISHED_QUERIES = 13


def test_published_list_page_costs_the_same_queries_whatever_the_number_of_cases(domain, as_user):
    entry = {"case": 1, "title": "标题", "enterprise": "企业", "district": "区", "body": "正文", "mean": 80.0}
    CaseListPublication.objects.create(
        campaign=domain.campaign, number=1, published_by=domain.regulator, entries=[entry] * 2
    )
    client = as_user(domain.enterprise_user)
    url = reverse("enterprises:published-case-list")
    assert_page_queries(client, url, PUBLISHED_QUERIES)
    CaseListPublication.objects.create(
        campaign=domain.campaign, number=2, published_by=domain.regulator, entries=[entry] * 40
    )
    assert len(assert_page_queries(client, url, PUBLISHED_QUERIES).context["publication"].entries) == 40


# --- the API ---------------------------------------------------------------------------------------------------------


def test_the_rubric_api_writes_only_for_the_regulator_while_draft_and_ignores_mass_assignment(domain, api):
    regulator = api(domain.regulator)
    refused = api(domain.district).post("/api/v1/rubrics/", {"campaign": domain.campaign.pk}, format="json")
    assert refused.status_code == 403
    created = regulator.post(
        "/api/v1/rubrics/", {"campaign": domain.campaign.pk, "state": "closed", "version": 9}, format="json"
    )
    assert created.status_code == 201
    rubric = created.json()
    assert rubric["state"] == "draft" and rubric["version"] == 1 and len(rubric["criteria"]) == 4
    url = f"/api/v1/rubrics/{rubric['id']}/"
    body = {
        "criteria": [{"name": "甲", "weight": 70, "max_score": 10}, {"name": "乙", "weight": 20, "max_score": 10}],
        "version": 1,
        "state": "open",
    }
    wrong_sum = regulator.put(url, body, format="json")
    assert wrong_sum.status_code == 400 and "100%" in str(wrong_sum.json())
    body["criteria"][1]["weight"] = 30
    saved = regulator.put(url, body, format="json")
    assert saved.status_code == 200 and saved.json()["state"] == "draft" and saved.json()["version"] == 2
    assert regulator.put(url, body, format="json").status_code == 409  # version 1 is stale now
    assert regulator.post(url + "open/").json()["state"] == "open"
    for role in ("reviewer", "enterprise_user", "district"):
        assert api(getattr(domain, role)).get(url).status_code == 200


def test_a_foreign_campaign_in_the_ranking_or_a_filter_is_404(domain, foreign, api):
    client = api(domain.regulator)
    assert client.get(f"/api/v1/case-ranking/?campaign={foreign.campaign.pk}").status_code == 404
    assert client.get(f"/api/v1/published-cases/?campaign={foreign.campaign.pk}").status_code == 404
    assert client.get(f"/api/v1/rubrics/?campaign={foreign.campaign.pk}").status_code == 404


def test_criteria_saved_meanwhile_are_not_overwritten_and_what_was_typed_is_kept(domain, as_user):
    rubric = _rubric(domain, open_it=False)
    stale_version = rubric.version
    rubric_criteria_set(rubric=rubric, criteria=CRITERIA, expected_version=stale_version, acting_user=domain.regulator)
    response = as_user(domain.regulator).post(
        reverse("enterprises:rubric-edit", args=[rubric.pk]),
        {"version": stale_version, "name_1": "带动作用", "weight_1": "100", "max_score_1": "10"},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert "带动作用" in response.content.decode()
    assert sorted(Rubric.objects.get(pk=rubric.pk).criteria.values_list("name", flat=True)) == sorted(
        c.name for c in CRITERIA
    )
