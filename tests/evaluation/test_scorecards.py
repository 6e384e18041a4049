"""Certification-body and district scorecards (五(二)1–2): who sees which, the regulator's assessment and the body's
one answer, every mistake of a submit at once, stale writes refused, and the numbers taken from the figures."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from evaluation.models import BodyAssessment, BodyAssessmentResponse, BodyRating, CriticismReason
from evaluation.policy import DEDUCTIONS_BY_CODE, relief_year_for
from evaluation.selectors.figures import city_figures
from evaluation.selectors.scorecards import body_scorecards, district_scorecards, evaluated_on
from evaluation.services.scorecards import body_assessment_answer, body_assessment_save
from tests.domain import populate_domain

pytestmark = pytest.mark.django_db


def detail_url(cast, body=None):
    return f"/evaluation/campaigns/{cast.campaign.pk}/body-scorecards/{(body or cast.body).pk}/"


def assess(cast, rating=BodyRating.SATISFACTORY, *, version=None, user=None, **fields):
    data = {"reasons": [], "reason_text": "", "recommended_to_samr": False} | fields
    return body_assessment_save(
        campaign=cast.campaign,
        body=cast.body,
        rating=rating,
        expected_version=version,
        acting_user=user or cast.regulator,
        **data,
    )


# --- Visibility --------------------------------------------------------------------------------------------------


def test_a_body_sees_its_own_scorecard(cast, as_user):
    response = as_user(cast.cb_manager).get(detail_url(cast))
    assert response.status_code == 200
    assert cast.body.name in response.content.decode()


def test_a_body_gets_404_for_another_bodys_scorecard(cast, foreign, as_user):
    from accounts.models import Organisation, OrganisationKind
    from assistance.models import CertificationBody

    org = Organisation.objects.create(tenant=cast.tenant, kind=OrganisationKind.CERTIFICATION_BODY, name="另一认证中心")
    other = CertificationBody.objects.create(tenant=cast.tenant, organisation=org, name=org.name, approval_number="X-1")
    client = as_user(cast.cb_manager)
    assert client.get(detail_url(cast, other)).status_code == 404
    assert client.get(f"/api/v1/body-scorecards/{other.pk}/").status_code == 404


def test_a_body_is_taken_from_the_ranking_to_its_own_scorecard(cast, as_user):
    response = as_user(cast.cb_manager).get("/evaluation/body-scorecards/")
    assert response.status_code == 302
    assert response["Location"] == detail_url(cast)


def test_a_body_reads_only_its_own_scorecard_through_the_api_without_a_rank(cast, api):
    response = api(cast.cb_manager).get("/api/v1/body-scorecards/")
    assert response.status_code == 200
    assert [row["body"]["id"] for row in response.json()] == [cast.body.pk]
    assert response.json()[0]["rank"] is None


def test_a_district_sees_only_its_own_line(cast, as_user):
    response = as_user(cast.district).get("/evaluation/district-scorecards/")
    assert response.status_code == 200
    page = response.content.decode()
    assert cast.district_unit.name in page
    assert cast.other_district_unit.name not in page


@pytest.mark.parametrize("role", ["expert", "enterprise", "reviewer", "bureau"])
def test_other_roles_get_404_for_the_scorecards(cast, as_user, role):
    client = as_user(cast.users()[role])
    assert client.get("/evaluation/district-scorecards/").status_code == 404
    assert client.get(detail_url(cast)).status_code == 404
    assert client.get("/evaluation/body-scorecards/").status_code == 404


# --- The assessment ----------------------------------------------------------------------------------------------


def test_criticised_without_grounds_or_reason_is_refused_with_every_mistake_at_once(cast, as_user):
    response = as_user(cast.regulator).post(
        detail_url(cast) + "assess/", {"rating": BodyRating.CRITICISED, "recommended_to_samr": "on"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"reasons", "reason_text", "recommended_to_samr"}
    assert form.data["rating"] == BodyRating.CRITICISED  # what was chosen is kept
    assert not BodyAssessment.objects.exists()


def test_referred_needs_the_facts_found(cast):
    with pytest.raises(ValidationError) as caught:
        assess(cast, BodyRating.REFERRED)
    assert "reason_text" in caught.value.message_dict


def test_criticised_with_grounds_and_reason_is_recorded(cast, as_user):
    response = as_user(cast.regulator).post(
        detail_url(cast) + "assess/",
        {"rating": BodyRating.CRITICISED, "reasons": [CriticismReason.COMPLAINTS], "reason_text": "两起投诉属实"},
    )
    assert response.status_code == 302
    assessment = BodyAssessment.objects.get()
    assert assessment.reasons == [CriticismReason.COMPLAINTS]
    assert assessment.assessed_by == cast.regulator
    assert assessment.history.count() == 1


def test_excellent_records_the_year_of_reduced_supervision_and_shows_it(cast, as_user):
    assessment = assess(cast, BodyRating.EXCELLENT, recommended_to_samr=True)
    assert assessment.relief_year == relief_year_for(cast.campaign.year) == 2024
    page = as_user(cast.cb_manager).get(detail_url(cast)).content.decode()
    assert "2024" in page


def test_a_body_marked_recommended_to_samr_on_the_page_is_stored_and_shown_as_recommended(cast, as_user):
    client = as_user(cast.regulator)
    response = client.post(detail_url(cast) + "assess/", {"rating": BodyRating.EXCELLENT, "recommended_to_samr": "on"})
    assert response.status_code == 302
    assert BodyAssessment.objects.get(campaign=cast.campaign, body=cast.body).recommended_to_samr is True
    detail = client.get(detail_url(cast)).content.decode()
    assert '向国家市场监管总局推荐</dt><dd class="col-sm-8">是</dd>' in detail
    ranking = client.get(f"/evaluation/body-scorecards/?campaign={cast.campaign.pk}").content.decode()
    assert "已向国家市场监管总局推荐" in ranking


def test_stale_assessment_is_refused_and_the_input_kept(cast, as_user):
    first = assess(cast)
    assess(cast, BodyRating.EXCELLENT, version=first.version)  # someone else changed it meanwhile
    response = as_user(cast.regulator).post(
        detail_url(cast) + "assess/",
        {"rating": BodyRating.REFERRED, "reason_text": "伪造审核记录", "version": first.version},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "伪造审核记录" in response.content.decode()
    assert BodyAssessment.objects.get().rating == BodyRating.EXCELLENT


def test_a_first_assessment_made_meanwhile_by_someone_else_is_not_overwritten(cast):
    assess(cast, BodyRating.EXCELLENT)
    with pytest.raises(ValidationError) as caught:
        assess(cast, BodyRating.SATISFACTORY, version=None)
    assert caught.value.code == "stale"


def test_a_body_cannot_assess_itself(cast, as_user):
    with pytest.raises(PermissionDenied):
        assess(cast, BodyRating.EXCELLENT, user=cast.cb_manager)
    assert as_user(cast.cb_manager).post(detail_url(cast) + "assess/", {"rating": "excellent"}).status_code == 403


# --- The body's one answer ---------------------------------------------------------------------------------------


def test_the_body_answers_once_and_a_second_answer_is_refused(cast, as_user):
    assessment = assess(cast, BodyRating.CRITICISED, reasons=["poor_results"], reason_text="进展缓慢")
    client = as_user(cast.cb_manager)
    url = f"/evaluation/body-assessments/{assessment.pk}/answer/"
    assert client.post(url, {"text": "已整改"}).status_code == 302
    response = client.post(url, {"text": "再补充一句"})
    assert response.status_code == 200
    assert _("Your body has already answered this assessment; an assessment is answered only once.") in [
        str(e) for e in response.context["answer_form"].non_field_errors()
    ]
    assert BodyAssessmentResponse.objects.get().text == "已整改"
    with pytest.raises(ValidationError):
        body_assessment_answer(assessment=assessment, text="第三次", acting_user=cast.cb_manager)


def test_an_empty_answer_is_refused(cast):
    assessment = assess(cast)
    with pytest.raises(ValidationError) as caught:
        body_assessment_answer(assessment=assessment, text="  ", acting_user=cast.cb_manager)
    assert "text" in caught.value.message_dict


def test_the_regulator_cannot_answer_for_the_body(cast, as_user):
    assessment = assess(cast)
    assert as_user(cast.regulator).post(f"/evaluation/body-assessments/{assessment.pk}/answer/").status_code == 403


def test_the_api_answer_is_once(cast, api):
    assessment = assess(cast)
    client = api(cast.cb_manager)
    url = f"/api/v1/body-assessments/{assessment.pk}/answer/"
    assert client.post(url, {"text": "收到"}, format="json").status_code == 201
    second = client.post(url, {"text": "再次"}, format="json")
    assert second.status_code == 400


def test_the_api_refuses_a_stale_assessment_with_409(cast, api):
    first = assess(cast)
    assess(cast, BodyRating.EXCELLENT, version=first.version)
    response = api(cast.regulator).patch(
        f"/api/v1/body-assessments/{first.pk}/", {"rating": "satisfactory", "version": first.version}, format="json"
    )
    assert response.status_code == 409


# --- The numbers come from the figures ---------------------------------------------------------------------------


def test_the_body_scorecard_numbers_equal_the_figures(cast):
    populate_domain(cast)
    today = date(2023, 12, 1)
    card = body_scorecards(user=cast.regulator, campaign=cast.campaign, today=today)[0]
    figures = city_figures(cast.campaign, evaluated_on(cast.campaign, today)).body(cast.body.pk)
    assert card.figures == figures
    assert card.figures["assisted"] >= 1
    assert card.rank == 1


def test_the_district_scorecard_numbers_equal_the_figures(cast):
    populate_domain(cast)
    today = date(2023, 12, 1)
    cards = district_scorecards(user=cast.regulator, campaign=cast.campaign, today=today)
    figures = city_figures(cast.campaign, evaluated_on(cast.campaign, today))
    for card in cards:
        assert card.figures == figures.district(card.member_unit.pk)


def test_a_district_without_submission_or_recommended_case_after_the_deadline_loses_the_stated_points(cast):
    card = next(
        c
        for c in district_scorecards(user=cast.regulator, campaign=cast.campaign, today=date(2023, 12, 31))
        if c.member_unit == cast.other_district_unit
    )
    codes = {line.deduction.code: line.points for line in card.deductions}
    assert codes["submission_missing"] == DEDUCTIONS_BY_CODE["submission_missing"].points
    assert codes["no_recommended_case"] == DEDUCTIONS_BY_CODE["no_recommended_case"].points
    assert codes["kickoff_missing"] == DEDUCTIONS_BY_CODE["kickoff_missing"].points
    assert card.points == 100 - sum(line.points for line in card.deductions)


# --- Notifications and the home page -----------------------------------------------------------------------------


def test_an_assessment_notifies_the_body_and_its_home_shows_it_until_answered(cast, as_user):
    from notifications.models import Notification, NotificationKind

    assessment = assess(cast, BodyRating.CRITICISED, reasons=["complaints"], reason_text="投诉属实")
    notice = Notification.objects.get(recipient=cast.cb_manager, kind=NotificationKind.ASSESSMENT)
    assert notice.url == detail_url(cast)
    client = as_user(cast.cb_manager)
    assert "home-assessments" in client.get("/").content.decode()
    body_assessment_answer(assessment=assessment, text="已整改", acting_user=cast.cb_manager)
    assert Notification.objects.filter(recipient=cast.regulator, kind=NotificationKind.ASSESSMENT).exists()
    assert "home-assessments" not in client.get("/").content.decode()


def test_a_changed_assessment_notifies_the_body_again(cast):
    from notifications.models import Notification

    first = assess(cast)
    assess(cast, BodyRating.EXCELLENT, version=first.version)
    assert Notification.objects.filter(recipient=cast.cb_manager).count() == 2


def test_a_foreign_campaign_in_the_url_or_the_filter_is_404_like_a_missing_one(cast, foreign, as_user, api):
    client = as_user(cast.regulator)
    assert client.get(f"/evaluation/body-scorecards/?campaign={foreign.campaign.pk}").status_code == 404
    assert client.get(f"/evaluation/district-scorecards/?campaign={foreign.campaign.pk}").status_code == 404
    own_body_in_foreign_campaign = f"/evaluation/campaigns/{foreign.campaign.pk}/body-scorecards/{cast.body.pk}/"
    assert client.get(own_body_in_foreign_campaign).status_code == 404
    foreign_api = api(cast.regulator).get(f"/api/v1/body-scorecards/?campaign={foreign.campaign.pk}")
    missing_api = api(cast.regulator).get("/api/v1/body-scorecards/?campaign=987654")
    assert foreign_api.status_code == missing_api.status_code == 404
    assert foreign_api.content == missing_api.content
