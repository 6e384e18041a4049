"""What careless users and attackers type: every error is a 4xx with a Chinese message, never a 500."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from campaign.models import KickoffMeeting


@pytest.mark.parametrize(
    "payload",
    [
        {"held_on": "99999-01-01", "place": "会场", "attendance": "1"},
        {"held_on": "2023-02-30", "place": "会场", "attendance": "1"},
        {"held_on": "2023-05-20", "place": "", "attendance": "-5"},
        {"held_on": "2023-05-20", "place": "会" * 500, "attendance": "abc"},
        {"held_on": "", "place": "会场", "attendance": "99999999999999999999"},
    ],
)
def test_bad_kickoff_form_input_is_shown_at_the_fields(cast, client, payload):
    client.force_login(cast.district)
    response = client.post(f"/campaign/campaigns/{cast.campaign.pk}/kickoff/new/", payload)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "请更正下方标出的字段" in response.content.decode()
    assert not KickoffMeeting.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"campaign": "abc", "held_on": "2023-05-20", "place": "会场", "attendance": 1},
        {"campaign": None, "held_on": "2023-05-20", "place": "会场", "attendance": 1},
        {"held_on": "2023-05-20"},
        {"campaign": "<campaign>", "held_on": "not a date", "place": "会场", "attendance": 1},
        {"campaign": "<campaign>", "held_on": "2023-05-20", "place": "会场", "attendance": 10**20},
        [1, 2, 3],
    ],
)
def test_bad_kickoff_api_input_is_a_400_in_chinese(cast, payload):
    if isinstance(payload, dict) and payload.get("campaign") == "<campaign>":
        payload = {**payload, "campaign": cast.campaign.pk}
    api = APIClient()
    api.force_authenticate(cast.district)
    response = api.post("/api/v1/kickoff-meetings/", payload, format="json")
    assert response.status_code == 400
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.content.decode()), response.content
    assert not KickoffMeeting.objects.exists()


def test_bad_kickoff_api_updates_are_refused(cast):
    kickoff = KickoffMeeting.objects.create(
        campaign=cast.campaign,
        member_unit=cast.district_unit,
        held_on=date(2023, 5, 20),
        place="会场",
        attendance=3,
        recorded_by=cast.district,
    )
    api = APIClient()
    api.force_authenticate(cast.district)
    for body in ({"version": "x"}, {"version": 1, "attendance": 0}, {"version": 1, "held_on": "2999-01-01"}):
        assert api.patch(f"/api/v1/kickoff-meetings/{kickoff.pk}/", body, format="json").status_code == 400
    kickoff.refresh_from_db()
    assert (kickoff.attendance, kickoff.version) == (3, 1)


@pytest.mark.parametrize(
    "url",
    [
        "/campaign/kickoffs/?campaign=1e5",
        "/campaign/kickoffs/?campaign=-1",
        "/campaign/kickoffs/?campaign=%00",
        "/api/v1/kickoff-meetings/?campaign=abc",
        "/api/v1/kickoff-meetings/?member_unit=1;drop",
        "/api/v1/campaigns/99999999999999999999/",
        "/campaign/kickoffs/99999999999999999999/",
        "/admin/campaign/campaign/abc/change/",
        "/admin/campaign/campaign/abc/history/",
        "/api/v1/kickoff-meetings/?page=999",
        "/api/v1/campaigns/?page=abc",
    ],
)
def test_odd_urls_are_never_a_server_error(cast, client, url):
    client.force_login(cast.regulator)
    assert client.get(url).status_code in (200, 302, 400, 404)


def test_phase_form_with_nonsense_dates_shows_field_errors(cast, client):
    client.force_login(cast.regulator)
    phase = cast.campaign.phases.first()
    for body in (
        {"starts_on": "2023-13-01", "ends_on": "x", "reason": "调整", "version": "1"},
        {"starts_on": "2023-06-01", "ends_on": "2023-06-02", "reason": "", "version": "zz"},
    ):
        response = client.post(f"/campaign/phases/{phase.pk}/edit/", body)
        assert response.status_code == 200 and response.context["form"].errors
