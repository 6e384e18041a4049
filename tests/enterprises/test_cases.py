"""Practice cases and their review: R10 (1–2 cases per enterprise; ≥ 1 recommended per district), R11 (no “免费认证”), R13 (impartial reviewers) — services, pages and API."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assistance.models import Assignment
from enterprises.models import Case, CaseState
from enterprises.policy import free_certification_phrase
from enterprises.selectors.cases import district_recommendation
from enterprises.services.cases import (
    case_create,
    case_decide,
    case_recommend,
    case_review_assign,
    case_score,
    case_submit,
)
from tests.enterprises.helpers import pdf


def _new_case(cast, title="质量成本下降实践", body="通过来料检验把不良率从3%降到1%。"):
    return case_create(enrolment=cast.enrolment, title=title, body=body, acting_user=cast.enterprise_user)


def test_r10_third_case_is_refused(domain):
    # populate_domain gave the enterprise two cases already (one submitted, one draft).
    with pytest.raises(ValidationError) as error:
        _new_case(domain)
    assert error.value.code == "too_many_cases"
    assert Case.objects.filter(enrolment=domain.enrolment).count() == 2


def test_r10_an_enterprise_writes_up_to_two_cases(domain):
    domain.draft_case.delete()
    case = _new_case(domain)
    assert case.state == CaseState.DRAFT
    assert Case.objects.filter(enrolment=domain.enrolment).count() == 2


def test_a_double_submitted_case_is_not_created_twice(domain):
    domain.draft_case.delete()
    domain.case.delete()
    _new_case(domain)
    with pytest.raises(ValidationError) as error:
        _new_case(domain)
    assert "title" in error.value.message_dict
    assert Case.objects.filter(enrolment=domain.enrolment).count() == 1


@pytest.mark.parametrize(
    "text",
    [
        "本企业参加免费认证活动",
        "免 费 认 证",
        "免　费　认　证",  # full-width spaces
        "免，费、认。证",  # full-width punctuation
        "免-费_认.证",
        "免費認證",  # traditional characters
        "免\u200b费认证",  # zero-width space
    ],
)
def test_r11_free_certification_is_found_however_it_is_written(text):
    found = free_certification_phrase(text)
    assert found is not None and found.startswith("免") and found[-1] in "证證"


@pytest.mark.parametrize("text", ["认证费用适当减免", "免除费用后再认证", "公益性服务"])
def test_r11_ordinary_text_is_not_mistaken_for_free_certification(text):
    assert free_certification_phrase(text) is None


@pytest.mark.parametrize("field", ["title", "body"])
def test_r11_a_case_advertising_free_certification_is_refused_naming_the_phrase(domain, field):
    domain.draft_case.delete()
    text = {"title": "质量提升", "body": "正文"}
    text[field] = "我们享受了免 费·认证服务"
    with pytest.raises(ValidationError) as error:
        _new_case(domain, **text)
    message = error.value.message_dict[field][0]
    assert "免 费·认证" in message


def test_r11_is_checked_again_when_a_draft_is_submitted(domain):
    Case.objects.filter(pk=domain.draft_case.pk).update(body="欢迎参加免费认证")  # e.g. written before the rule
    with pytest.raises(ValidationError):
        case_submit(case=domain.draft_case, acting_user=domain.enterprise_user)
    domain.draft_case.refresh_from_db()
    assert domain.draft_case.state == CaseState.DRAFT


def test_only_the_enterprise_submits_its_draft_and_the_district_then_sees_it(domain):
    assert not Case.objects.visible_to(domain.district).filter(pk=domain.draft_case.pk).exists()
    case = case_submit(case=domain.draft_case, acting_user=domain.enterprise_user)
    assert case.state == CaseState.SUBMITTED and case.submitted_at
    assert Case.objects.visible_to(domain.district).filter(pk=case.pk).exists()


def test_only_the_enterprises_own_district_recommends(domain):
    with pytest.raises(PermissionDenied):
        case_recommend(case=domain.case, acting_user=domain.other_district)
    with pytest.raises(PermissionDenied):
        case_recommend(case=domain.case, acting_user=domain.bureau)  # a city bureau only reads
    case = case_recommend(case=domain.case, acting_user=domain.district)
    assert case.state == CaseState.RECOMMENDED and case.recommended_by == domain.district


def test_r10_district_is_warned_until_it_recommends_a_case(domain):
    before = district_recommendation(user=domain.district, campaign=domain.campaign)
    assert before.recommended == 0 and before.waiting == 1 and before.warn
    case_recommend(case=domain.case, acting_user=domain.district)
    after = district_recommendation(user=domain.district, campaign=domain.campaign)
    assert after.recommended == 1 and not after.warn


def test_r10_no_recommendation_after_the_deadline_is_overdue(domain):

    status = district_recommendation(user=domain.district, campaign=domain.campaign, today=date(2023, 12, 1))
    assert status.overdue


def _recommended(domain):
    case = case_recommend(case=domain.case, acting_user=domain.district)
    case.reviews.all().delete()
    return case


def test_r13_reviewer_whose_body_assisted_the_enterprise_cannot_be_assigned(domain, make_reviewer):
    case = _recommended(domain)
    insider = make_reviewer("insider", body=domain.body)  # domain.body's expert is assigned to the enterprise
    with pytest.raises(ValidationError) as error:
        case_review_assign(case=case, reviewer=insider, acting_user=domain.regulator)
    message = error.value.message_dict["reviewer"][0]
    assert domain.body.name in message and domain.enterprise.name in message
    assert not case.reviews.exists()


def test_r13_an_ended_assignment_still_counts(domain, make_reviewer):
    case = _recommended(domain)
    Assignment.objects.filter(pk=domain.assignment.pk).update(ended_at=timezone.now(), ended_reason="换人")
    insider = make_reviewer("insider", body=domain.body)
    with pytest.raises(ValidationError):
        case_review_assign(case=case, reviewer=insider, acting_user=domain.regulator)


def test_r13_reviewer_cannot_score_once_their_body_has_assisted(domain, make_reviewer):
    case = _recommended(domain)
    outsider = make_reviewer("outsider")
    review = case_review_assign(case=case, reviewer=outsider, acting_user=domain.regulator)
    # Later the reviewer is found to work for the assisting body (profile corrected): scoring is refused too.
    outsider.reviewer_profile.affiliated_body = domain.body
    outsider.reviewer_profile.save()
    with pytest.raises(ValidationError) as error:
        case_score(review=review, score=90, comment="", acting_user=outsider)
    assert domain.body.name in error.value.messages[0]
    review.refresh_from_db()
    assert review.score is None


def test_a_case_is_scored_once_every_reviewer_scored_and_then_the_regulator_decides(domain, make_reviewer):
    case = _recommended(domain)
    first, second = make_reviewer("a"), make_reviewer("b")
    r1 = case_review_assign(case=case, reviewer=first, acting_user=domain.regulator)
    r2 = case_review_assign(case=case, reviewer=second, acting_user=domain.regulator)
    case_score(review=r1, score=88, comment="数据翔实", acting_user=first)
    case.refresh_from_db()
    assert case.state == CaseState.RECOMMENDED
    with pytest.raises(ValidationError):
        case_decide(case=case, selected=True, confirmed=True, acting_user=domain.regulator)
    case_score(review=r2, score=75, comment="", acting_user=second)
    case.refresh_from_db()
    assert case.state == CaseState.SCORED
    with pytest.raises(PermissionDenied):
        case_decide(case=case, selected=True, confirmed=True, acting_user=domain.district)
    case = case_decide(case=case, selected=True, confirmed=True, acting_user=domain.regulator)
    assert case.state == CaseState.SELECTED and case.decided_by == domain.regulator


def test_a_reviewer_cannot_be_assigned_twice_nor_a_non_reviewer_at_all(domain, make_reviewer):
    case = _recommended(domain)
    reviewer = make_reviewer("a")
    case_review_assign(case=case, reviewer=reviewer, acting_user=domain.regulator)
    with pytest.raises(ValidationError):
        case_review_assign(case=case, reviewer=reviewer, acting_user=domain.regulator)
    with pytest.raises(ValidationError):
        case_review_assign(case=case, reviewer=domain.expert, acting_user=domain.regulator)


def test_a_foreign_reviewer_is_refused(domain, foreign):
    case = _recommended(domain)
    with pytest.raises(ValidationError):
        case_review_assign(case=case, reviewer=foreign.reviewer, acting_user=domain.regulator)


def test_a_score_must_be_from_0_to_100_and_only_by_the_assigned_reviewer(domain, make_reviewer):
    case = _recommended(domain)
    reviewer = make_reviewer("a")
    review = case_review_assign(case=case, reviewer=reviewer, acting_user=domain.regulator)
    with pytest.raises(ValidationError):
        case_score(review=review, score=101, comment="", acting_user=reviewer)
    with pytest.raises(PermissionDenied):
        case_score(review=review, score=80, comment="", acting_user=domain.reviewer)


def test_the_third_case_is_refused_on_the_page_with_the_input_kept(domain, as_user):
    response = as_user(domain.enterprise_user).post(
        "/enterprises/cases/new/", {"title": "第三个案例", "body": "正文内容"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "第三个案例" in response.content.decode()
    assert Case.objects.filter(enrolment=domain.enrolment).count() == 2


def test_free_certification_is_shown_at_the_body_field(domain, as_user):
    domain.draft_case.delete()
    response = as_user(domain.enterprise_user).post(
        "/enterprises/cases/new/", {"title": "体系建设", "body": "欢迎参加“免费 认证”"}
    )
    assert "body" in response.context["form"].errors
    assert "免费 认证" in response.context["form"].errors["body"][0]


def test_the_case_flow_through_the_pages(domain, as_user, make_reviewer):
    client = as_user(domain.enterprise_user)
    client.post(f"/enterprises/cases/{domain.draft_case.pk}/submit/")
    as_user(domain.district).post(f"/enterprises/cases/{domain.draft_case.pk}/recommend/")
    reviewer = make_reviewer("评审甲")
    regulator = as_user(domain.regulator)
    regulator.post(f"/enterprises/cases/{domain.draft_case.pk}/reviewers/", {"reviewer": reviewer.pk})
    as_user(reviewer).post(f"/enterprises/cases/{domain.draft_case.pk}/score/", {"score": 91, "comment": "好"})
    case = Case.objects.get(pk=domain.draft_case.pk)
    assert case.state == CaseState.SCORED
    as_user(domain.regulator).post(f"/enterprises/cases/{case.pk}/decide/", {"decision": "selected", "confirm": "1"})
    case.refresh_from_db()
    assert case.state == CaseState.SELECTED


def test_r13_assigning_an_insider_shows_why_on_the_case_page(domain, as_user, make_reviewer):
    as_user(domain.district).post(f"/enterprises/cases/{domain.case.pk}/recommend/")
    insider = make_reviewer("内部人", body=domain.body)
    response = as_user(domain.regulator).post(
        f"/enterprises/cases/{domain.case.pk}/reviewers/", {"reviewer": insider.pk}
    )
    assert response.status_code == 400
    assert domain.body.name in response.content.decode()


def test_a_foreign_reviewer_id_in_the_form_is_not_a_choice(domain, foreign, as_user):
    as_user(domain.district).post(f"/enterprises/cases/{domain.case.pk}/recommend/")
    response = as_user(domain.regulator).post(
        f"/enterprises/cases/{domain.case.pk}/reviewers/", {"reviewer": foreign.reviewer.pk}
    )
    assert response.status_code == 400 and "reviewer" in response.context["assign_form"].errors


def test_the_district_case_list_shows_its_recommendation_count(domain, as_user, june):
    response = as_user(domain.district).get("/enterprises/cases/")
    assert response.context["recommendation"].warn
    assert domain.draft_case.title not in response.content.decode()


def test_r10_third_case_is_refused_through_the_api(domain, api):
    response = api(domain.enterprise_user).post(
        "/api/v1/cases/", {"enrolment": domain.enrolment.pk, "title": "第三个", "body": "正文"}, format="json"
    )
    assert response.status_code == 400 and "non_field_errors" in response.json()


def test_r11_through_the_api_names_the_phrase(domain, api):
    domain.draft_case.delete()
    response = api(domain.enterprise_user).post(
        "/api/v1/cases/", {"enrolment": domain.enrolment.pk, "title": "免费认证来了", "body": "正文"}, format="json"
    )
    assert response.status_code == 400 and "免费认证" in response.json()["title"][0]


def test_the_case_flow_through_the_api(domain, api, make_reviewer):
    case = domain.draft_case
    assert api(domain.enterprise_user).post(f"/api/v1/cases/{case.pk}/submit/").status_code == 200
    assert api(domain.other_district).post(f"/api/v1/cases/{case.pk}/recommend/").status_code == 404
    assert api(domain.district).post(f"/api/v1/cases/{case.pk}/recommend/").status_code == 200
    reviewer = make_reviewer("乙")
    insider = make_reviewer("丙", body=domain.body)
    regulator = api(domain.regulator)
    refused = regulator.post("/api/v1/case-reviews/", {"case": case.pk, "reviewer": insider.pk}, format="json")
    assert refused.status_code == 400 and domain.body.name in refused.json()["reviewer"][0]
    assigned = regulator.post("/api/v1/case-reviews/", {"case": case.pk, "reviewer": reviewer.pk}, format="json")
    assert assigned.status_code == 201
    review_id = assigned.json()["id"]
    scored = api(reviewer).post(f"/api/v1/case-reviews/{review_id}/score/", {"score": 80}, format="json")
    assert scored.status_code == 200
    assert Case.objects.get(pk=case.pk).state == CaseState.SCORED
    unconfirmed = regulator.post(f"/api/v1/cases/{case.pk}/decide/", {"selected": False}, format="json")
    assert unconfirmed.status_code == 400 and "confirm" in unconfirmed.json()
    decided = regulator.post(f"/api/v1/cases/{case.pk}/decide/", {"selected": False, "confirm": True}, format="json")
    assert decided.status_code == 200 and decided.json()["state"] == "not_selected"


def test_a_draft_is_edited_with_its_version_and_others_cannot_see_it(domain, api):
    client = api(domain.enterprise_user)
    url = f"/api/v1/cases/{domain.draft_case.pk}/"
    assert client.patch(url, {"title": "新标题", "version": 1}, format="json").status_code == 200
    assert client.patch(url, {"title": "再改", "version": 1}, format="json").status_code == 409
    assert api(domain.district).get(url).status_code == 404
    attach = client.post(url + "attachments/", {"file": pdf("图表.pdf")})
    assert attach.status_code == 201


def test_a_foreign_id_in_a_filter_is_404(domain, foreign, api):
    client = api(domain.regulator)
    assert client.get(f"/api/v1/cases/?campaign={domain.campaign.pk}").status_code == 200
    assert client.get(f"/api/v1/cases/?campaign={foreign.campaign.pk}").status_code == 404
    assert client.get(f"/api/v1/complaints/?body={foreign.body.pk}").status_code == 404
