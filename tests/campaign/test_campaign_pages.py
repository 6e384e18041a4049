"""The campaign calendar pages: only the regulator edits (403 for other roles of the tenant, 404 for other tenants),
every change goes through the services with a reason, and errors come back on the form with the input kept."""

from datetime import date

import pytest
from django.utils.html import escape

from campaign.models import Campaign, Deadline, DeadlineKind, Phase, PhaseKind
from campaign.services import deadline_move


def _phase(cast, kind=PhaseKind.MIDTERM):
    return Phase.objects.get(campaign=cast.campaign, kind=kind)


def _deadline(cast, kind=DeadlineKind.DISTRICT_SUBMISSION):
    return Deadline.objects.get(campaign=cast.campaign, kind=kind)


def _field_errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_campaign_list_shows_only_the_tenants_campaigns(as_user, cast, foreign):
    response = as_user(cast.district).get("/campaign/campaigns/")
    assert response.status_code == 200
    assert cast.campaign.title in response.content.decode()
    assert foreign.campaign.title not in response.content.decode()


def test_campaign_detail_shows_the_calendar_and_edit_links_only_to_the_regulator(as_user, cast):
    url = f"/campaign/campaigns/{cast.campaign.pk}/"
    regulator_page = as_user(cast.regulator).get(url).content.decode()
    assert f"/campaign/phases/{_phase(cast).pk}/edit/" in regulator_page
    assert "2023年11月30日" in regulator_page
    district_page = as_user(cast.district).get(url).content.decode()
    assert "/edit/" not in district_page
    assert cast.campaign.title in district_page


def test_regulator_edits_the_campaign_title_and_document_number(as_user, cast):
    client = as_user(cast.regulator)
    response = client.post(
        f"/campaign/campaigns/{cast.campaign.pk}/edit/",
        {"title": "2023年提升行动(修订)", "document_number": "津质认联〔2023〕3号", "version": cast.campaign.version},
    )
    assert response.status_code == 302
    cast.campaign.refresh_from_db()
    assert (cast.campaign.title, cast.campaign.document_number) == ("2023年提升行动(修订)", "津质认联〔2023〕3号")


def test_campaign_edit_with_a_stale_version_is_refused_and_keeps_the_input(as_user, cast):
    version = cast.campaign.version
    client = as_user(cast.regulator)
    client.post(f"/campaign/campaigns/{cast.campaign.pk}/edit/", {"title": "先保存的标题", "version": version})
    response = client.post(
        f"/campaign/campaigns/{cast.campaign.pk}/edit/", {"title": "后保存的标题", "version": version}
    )
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    assert escape(response.context["form"].non_field_errors()[0]) in response.content.decode()
    assert 'value="后保存的标题"' in response.content.decode()
    cast.campaign.refresh_from_db()
    assert cast.campaign.title == "先保存的标题"


def test_campaign_edit_without_a_title_shows_the_error_at_the_field(as_user, cast):
    response = as_user(cast.regulator).post(
        f"/campaign/campaigns/{cast.campaign.pk}/edit/", {"title": "", "version": cast.campaign.version}
    )
    assert response.status_code == 200
    assert _field_errors(response, "title")


def test_regulator_reschedules_a_phase_and_the_change_history_shows_who_when_and_why(as_user, cast):
    phase = _phase(cast)
    client = as_user(cast.regulator)
    response = client.post(
        f"/campaign/phases/{phase.pk}/edit/",
        {"starts_on": "2023-08-07", "ends_on": "2023-09-08", "reason": "中期评估会议延期", "version": phase.version},
    )
    assert response.status_code == 302
    assert response.url == f"/campaign/campaigns/{cast.campaign.pk}/"
    phase.refresh_from_db()
    assert (phase.starts_on, phase.ends_on) == (date(2023, 8, 7), date(2023, 9, 8))

    detail = client.get(response.url)
    change = detail.context["changes"][0]
    assert (change.who, change.reason) == (cast.regulator, "中期评估会议延期")
    assert change.old == [date(2023, 8, 1), date(2023, 8, 31)]
    assert change.new == [date(2023, 8, 7), date(2023, 9, 8)]
    content = detail.content.decode()
    assert "中期评估会议延期" in content
    assert "2023年8月1日" in content and "2023年9月8日" in content
    assert str(cast.regulator) in content


def test_phase_edit_without_a_reason_is_refused_at_the_field(as_user, cast):
    phase = _phase(cast)
    response = as_user(cast.regulator).post(
        f"/campaign/phases/{phase.pk}/edit/",
        {"starts_on": "2023-08-07", "ends_on": "2023-09-08", "reason": "", "version": phase.version},
    )
    assert response.status_code == 200
    assert _field_errors(response, "reason")
    assert 'value="2023-08-07"' in response.content.decode()


def test_phase_edit_with_the_end_before_the_start_is_refused_and_keeps_the_input(as_user, cast):
    phase = _phase(cast)
    response = as_user(cast.regulator).post(
        f"/campaign/phases/{phase.pk}/edit/",
        {"starts_on": "2023-08-20", "ends_on": "2023-08-10", "reason": "调整", "version": phase.version},
    )
    assert response.status_code == 200
    assert _field_errors(response, "ends_on")
    content = response.content.decode()
    assert 'value="2023-08-20"' in content and 'value="2023-08-10"' in content and "调整" in content
    phase.refresh_from_db()
    assert phase.starts_on == date(2023, 8, 1)


def test_regulator_extends_a_deadline_with_a_reason(as_user, cast):
    deadline = _deadline(cast)
    response = as_user(cast.regulator).post(
        f"/campaign/deadlines/{deadline.pk}/edit/",
        {"due_on": "2023-12-08", "reason": "部分区申请延期", "version": deadline.version},
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due_on == date(2023, 12, 8)
    assert deadline.history.first().history_change_reason == "部分区申请延期"


def test_deadline_move_with_a_stale_version_is_refused(as_user, cast):
    deadline = _deadline(cast)
    stale_version = deadline.version
    deadline_move(
        deadline=deadline,
        due_on=date(2023, 12, 5),
        reason="另一位同事",
        expected_version=stale_version,
        acting_user=cast.regulator,
    )
    response = as_user(cast.regulator).post(
        f"/campaign/deadlines/{deadline.pk}/edit/",
        {"due_on": "2023-12-08", "reason": "部分区申请延期", "version": stale_version},
    )
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    deadline.refresh_from_db()
    assert deadline.due_on == date(2023, 12, 5)


def test_regulator_clones_the_campaign_into_the_next_year_and_lands_on_it(as_user, cast):
    response = as_user(cast.regulator).post(
        f"/campaign/campaigns/{cast.campaign.pk}/clone/", {"year": 2024, "document_number": "津质认联〔2024〕1号"}
    )
    clone = Campaign.objects.get(tenant=cast.tenant, year=2024)
    assert response.status_code == 302
    assert response.url == f"/campaign/campaigns/{clone.pk}/"
    assert clone.document_number == "津质认联〔2024〕1号"
    assert clone.deadlines.get(kind=DeadlineKind.KICKOFF).due_on == date(2024, 5, 31)


def test_cloning_into_a_year_that_already_has_a_campaign_is_refused_at_the_field(as_user, cast):
    client = as_user(cast.regulator)
    client.post(f"/campaign/campaigns/{cast.campaign.pk}/clone/", {"year": 2024})
    response = client.post(f"/campaign/campaigns/{cast.campaign.pk}/clone/", {"year": 2024, "document_number": "X"})
    assert response.status_code == 200
    assert _field_errors(response, "year")
    assert 'value="X"' in response.content.decode()
    assert Campaign.objects.filter(tenant=cast.tenant, year=2024).count() == 1


EDIT_URLS = [
    lambda cast: f"/campaign/campaigns/{cast.campaign.pk}/edit/",
    lambda cast: f"/campaign/campaigns/{cast.campaign.pk}/clone/",
    lambda cast: f"/campaign/phases/{_phase(cast).pk}/edit/",
    lambda cast: f"/campaign/deadlines/{_deadline(cast).pk}/edit/",
]


@pytest.mark.parametrize("url", EDIT_URLS, ids=["campaign", "clone", "phase", "deadline"])
def test_edit_pages_are_forbidden_to_a_district_that_can_see_the_campaign(as_user, cast, url):
    client = as_user(cast.district)
    assert client.get(url(cast)).status_code == 403
    assert client.post(url(cast), {"year": 2024, "title": "x", "reason": "xx"}).status_code == 403
    assert not Campaign.objects.filter(year=2024).exists()


@pytest.mark.parametrize("url", EDIT_URLS, ids=["campaign", "clone", "phase", "deadline"])
def test_edit_pages_are_not_found_for_the_regulator_of_another_tenant(as_user, cast, foreign, url):
    client = as_user(foreign.regulator)
    assert client.get(url(cast)).status_code == 404
    assert client.post(url(cast), {"year": 2024, "title": "x", "reason": "xx"}).status_code == 404


def test_a_foreign_campaign_gives_the_same_404_page_as_a_missing_one(as_user, cast, foreign):
    client = as_user(cast.regulator)
    foreign_page = client.get(f"/campaign/campaigns/{foreign.campaign.pk}/")
    missing_page = client.get("/campaign/campaigns/999999/")
    assert foreign_page.status_code == missing_page.status_code == 404
    assert foreign_page.content == missing_page.content
    assert foreign.campaign.title not in foreign_page.content.decode()
