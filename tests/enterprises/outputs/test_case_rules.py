"""Practice cases: R10 (1–2 per enterprise, each district recommends ≥1), R11 (no “免费认证”), R13 (impartial
reviewers), and the states draft → submitted → recommended → scored → selected / not selected."""

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
    from datetime import date

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
        case_decide(case=case, selected=True, acting_user=domain.regulator)
    case_score(review=r2, score=75, comment="", acting_user=second)
    case.refresh_from_db()
    assert case.state == CaseState.SCORED
    with pytest.raises(PermissionDenied):
        case_decide(case=case, selected=True, acting_user=domain.district)
    case = case_decide(case=case, selected=True, acting_user=domain.regulator)
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
