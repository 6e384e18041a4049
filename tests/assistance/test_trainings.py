"""Trainings (附件二(三)1) and R8: every district holds at least one centralised and one industry training."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assistance.models import (
    Training,
    WorkingGroup,
)
from assistance.selectors.trainings import training_compliance
from assistance.services.trainings import training_record

pytestmark = pytest.mark.usefixtures("frozen_today")  # "today" is in the 2023 assistance phase


@pytest.fixture(autouse=True)
def _body_covers_binhai(cast):
    """R8 (issue 9): the cast's body records trainings only where its working groups work — 滨海新区."""
    group = WorkingGroup.objects.create(body=cast.body, campaign=cast.campaign, name="培训测试工作组")
    group.districts.add(cast.district_unit)


def _train(cast, user, **overrides):
    data = {
        "campaign": cast.campaign,
        "kind": "industry",
        "district": cast.district_unit,
        "held_on": date(2023, 7, 5),
        "topic": "五金行业过程控制",
        "person_times": 30,
        "acting_user": user,
    }
    return training_record(**{**data, **overrides})


def test_r8_a_district_with_a_centralised_and_an_industry_training_complies(cast, domain):
    # tests/domain.py gives 滨海新区 a centralised training; it still lacks an industry one.
    row = next(
        r for r in training_compliance(user=cast.regulator, campaign=cast.campaign) if r.district == cast.district_unit
    )
    assert not row.is_compliant
    assert [str(label) for label in row.missing] == ["Industry training"] or len(row.missing) == 1
    _train(cast, cast.expert)
    row = next(
        r for r in training_compliance(user=cast.regulator, campaign=cast.campaign) if r.district == cast.district_unit
    )
    assert row.is_compliant
    assert row.person_times == 45 + 30


def test_r8_a_district_with_only_other_kinds_of_training_is_missing_both(cast):
    _train(cast, cast.expert, kind="one_to_one")
    _train(cast, cast.expert, kind="tiered", tier="leaders", topic="负责人培训")
    row = next(
        r for r in training_compliance(user=cast.regulator, campaign=cast.campaign) if r.district == cast.district_unit
    )
    assert row.total == 2
    assert len(row.missing) == 2


def test_r8_a_district_sees_only_its_own_compliance_and_a_bureau_none(cast, domain):
    assert [r.district for r in training_compliance(user=cast.district, campaign=cast.campaign)] == [cast.district_unit]
    assert training_compliance(user=cast.bureau, campaign=cast.campaign) == []
    regulator_rows = training_compliance(user=cast.regulator, campaign=cast.campaign)
    assert {r.district for r in regulator_rows} == {cast.district_unit, cast.other_district_unit}


def test_a_training_with_zero_attendees_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        _train(cast, cast.expert, person_times=0)
    assert "person_times" in error.value.message_dict
    assert not Training.objects.exists()


def test_a_tiered_training_needs_its_audience_level_and_others_have_none(cast):
    with pytest.raises(ValidationError) as error:
        _train(cast, cast.expert, kind="tiered")
    assert "tier" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _train(cast, cast.expert, kind="centralised", tier="leaders")
    assert "tier" in error.value.message_dict


def test_the_organiser_is_the_users_own_organisation_and_a_district_trains_for_itself(cast):
    by_body = _train(cast, cast.expert)
    assert by_body.organiser == cast.body.organisation
    by_district = _train(cast, cast.district, district=cast.other_district_unit, topic="区集中培训", kind="centralised")
    assert by_district.organiser == cast.district_unit.organisation
    assert by_district.district == cast.district_unit


def test_a_city_bureau_regulator_or_enterprise_does_not_record_trainings(cast):
    for user in (cast.bureau, cast.regulator, cast.enterprise_user):
        with pytest.raises(PermissionDenied):
            _train(cast, user)


def test_a_training_in_the_future_or_outside_the_campaign_is_refused(cast):
    for day in (date(2023, 8, 16), date(2023, 4, 30)):
        with pytest.raises(ValidationError) as error:
            _train(cast, cast.expert, held_on=day)
        assert "held_on" in error.value.message_dict


def test_a_double_submitted_training_is_recorded_once(cast):
    _train(cast, cast.expert)
    with pytest.raises(ValidationError, match="already"):
        _train(cast, cast.expert)
    assert Training.objects.count() == 1


def test_the_training_form_refuses_zero_and_a_foreign_district_is_a_404(cast, foreign, as_user):
    client = as_user(cast.cb_manager)
    payload = {
        "kind": "industry",
        "district": cast.district_unit.pk,
        "held_on": "2023-07-05",
        "topic": "培训",
        "person_times": "0",
    }
    response = client.post("/assistance/trainings/new/", payload)
    assert response.status_code == 200
    assert response.context["form"].errors["person_times"]
    assert (
        client.post("/assistance/trainings/new/", {**payload, "district": foreign.district_unit.pk}).status_code == 404
    )
    ok = client.post("/assistance/trainings/new/", {**payload, "person_times": "12"})
    assert ok.status_code == 302
    assert Training.objects.get().organiser == cast.body.organisation


def test_an_enterprise_sees_only_itself_among_the_attendees(cast, domain, api):
    cast.training.enterprises.add(cast.other_enterprise)
    body = api(cast.enterprise_user).get(f"/api/v1/trainings/{cast.training.pk}/").json()
    assert body["enterprises"] == [cast.enterprise.pk]
    assert len(api(cast.regulator).get(f"/api/v1/trainings/{cast.training.pk}/").json()["enterprises"]) == 2


def test_the_compliance_endpoint_and_page(cast, domain, api, as_user):
    rows = api(cast.regulator).get("/api/v1/trainings/compliance/").json()
    binhai = next(r for r in rows if r["district"] == cast.district_unit.pk)
    assert binhai["centralised"] == 1 and binhai["industry"] == 0 and not binhai["is_compliant"]
    assert api(cast.expert).get("/api/v1/trainings/compliance/").status_code == 403
    page = as_user(cast.district).get("/assistance/trainings/compliance/")
    assert page.status_code == 200
    assert [row.district for row in page.context["rows"]] == [cast.district_unit]


# --- R8 by anyone (issue 9): a body records trainings only for the districts its working groups cover -------------


def test_r8_a_body_cannot_record_a_training_for_a_district_its_groups_do_not_cover(cast):
    with pytest.raises(ValidationError) as error:
        _train(cast, cast.cb_manager, district=cast.other_district_unit)
    assert "working groups" in error.value.message_dict["district"][0]
    with pytest.raises(ValidationError):
        _train(cast, cast.expert, district=cast.other_district_unit)
    assert not Training.objects.filter(district=cast.other_district_unit).exists()
    row = next(
        r
        for r in training_compliance(user=cast.regulator, campaign=cast.campaign)
        if r.district == cast.other_district_unit
    )
    assert not row.is_compliant


def test_r8_a_group_of_another_campaign_does_not_cover_the_district(cast):
    from campaign.models import Campaign

    other_year = Campaign.objects.create(tenant=cast.tenant, year=2022, title="2022")
    group = WorkingGroup.objects.create(body=cast.body, campaign=other_year, name="去年的工作组")
    group.districts.add(cast.other_district_unit)
    with pytest.raises(ValidationError):
        _train(cast, cast.cb_manager, district=cast.other_district_unit)
    assert not Training.objects.filter(district=cast.other_district_unit).exists()


def test_r8_the_training_form_offers_a_body_only_its_covered_districts(cast, as_user):
    response = as_user(cast.cb_manager).get("/assistance/trainings/new/")
    assert list(response.context["form"].fields["district"].queryset) == [cast.district_unit]


def test_r8_the_api_refuses_a_training_for_an_uncovered_district_with_a_400(cast, api):
    response = api(cast.cb_manager).post(
        "/api/v1/trainings/",
        {
            "campaign": cast.campaign.pk,
            "kind": "industry",
            "district": cast.other_district_unit.pk,
            "held_on": "2023-07-05",
            "topic": "五金行业过程控制",
            "person_times": 3,
        },
        format="json",
    )
    assert response.status_code == 400 and "district" in response.json()
    assert not Training.objects.exists()
