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


NESTED = "[" * 3000 + "]" * 3000


def _json_write_routes():
    """Every (path, method) of the API that takes a body, from its OpenAPI schema; ids become 1."""
    import re

    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method in operations:
            if method in ("post", "put", "patch"):
                yield re.sub(r"\{[^}]+\}", "1", path), method


def test_a_deeply_nested_json_body_is_a_chinese_400_on_the_token_endpoint_without_signing_in(db):
    response = APIClient().post("/api/v1/auth/token/", NESTED, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "请求正文的嵌套层级过深，无法读取。"


def test_a_deeply_nested_json_body_is_never_a_server_error_on_any_json_endpoint(cast):
    routes = list(_json_write_routes())
    assert len(routes) > 20
    for user in (cast.regulator, cast.expert, cast.enterprise_user):
        client = APIClient()
        client.force_authenticate(user=user)
        for path, method in routes:
            if "/auth/logout" in path:  # knox's token sign-out needs a real token (force_authenticate has none)
                continue
            response = getattr(client, method)(path, NESTED, content_type="application/json")
            assert response.status_code < 500, (user, method, path)
            if response.status_code == 400:
                assert "嵌套" in response.json()["detail"], (method, path)


def test_drf_own_messages_reach_users_in_chinese(cast):
    client = APIClient()
    client.force_authenticate(user=cast.expert)
    broken = client.post("/api/v1/visits/", "{broken", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["detail"] == "请求正文不是有效的 JSON（第1行第2列）。"
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(cast.expert)
    refused = browser.post("/api/v1/visits/", {}, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "请求未通过安全校验（CSRF）。请刷新页面后重试。"


def test_a_request_for_an_unknown_host_is_a_400_not_a_server_error(db, client, settings):
    # Found by bench/load.py: the 400 page's context read request.user, which no middleware had set yet.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["portal.example"]
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
