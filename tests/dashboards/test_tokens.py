"""Dashboard tokens: a district issues one for a screen (the key shown once, only its digest stored), the token reads
its own district's dashboard and nothing else in the API (401 everywhere else, 404 for another district), its last
use is recorded, it is throttled per token, and once revoked it is refused."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from dashboards.models import DashboardToken
from dashboards.services import token_issue, token_revoke
from tests.domain import populate_domain

DISTRICT = "/api/v1/dashboards/district/{}/"


@pytest.fixture
def world(cast):
    populate_domain(cast)
    return cast


def _screen(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"DashboardToken {key}")
    return client


def test_a_district_issues_a_token_whose_key_is_shown_once_and_stored_hashed(world, as_user):
    client = as_user(world.district)
    response = client.post(
        reverse("dashboards:token-list"), {"name": "会议室大屏", "member_unit": world.other_district_unit.pk}
    )
    assert response.status_code == 200
    page = response.content.decode()
    key = re.search(r'id="issued-key" readonly value="([^"]+)"', page).group(1)
    token = DashboardToken.objects.get()
    assert token.member_unit == world.district_unit  # an extra field in the form changes nothing
    assert token.digest != key and key not in token.digest and token.prefix == key[:8]
    assert f"#{world.district_unit.pk}.{key}" in page  # the screen link, key in the fragment
    again = client.get(reverse("dashboards:token-list")).content.decode()
    assert key not in again and "会议室大屏" in again


def test_a_token_without_a_name_is_refused_with_a_message_and_nothing_is_issued(world, as_user):
    response = as_user(world.district).post(reverse("dashboards:token-list"), {"name": "  "})
    assert response.status_code == 400
    assert "请给令牌起个名字" in response.content.decode()
    assert not DashboardToken.objects.exists()


def test_only_a_district_issues_tokens(world, as_user):
    for user in (world.bureau, world.cb_manager, world.expert, world.enterprise_user):
        assert as_user(user).get(reverse("dashboards:token-list")).status_code == 403
    regulator = as_user(world.regulator)
    assert regulator.get(reverse("dashboards:token-list")).status_code == 200
    assert regulator.post(reverse("dashboards:token-list"), {"name": "x"}).status_code == 403


def test_a_token_reads_its_own_district_dashboard_and_records_its_use(world):
    token, key = token_issue(name="大屏", acting_user=world.district)
    assert token.last_used_at is None
    response = _screen(key).get(DISTRICT.format(world.district_unit.pk))
    assert response.status_code == 200, response.content
    assert response.json()["scope"]["id"] == world.district_unit.pk
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_reads_no_other_district_nor_the_city_nor_a_body(world, foreign):
    _token, key = token_issue(name="大屏", acting_user=world.district)
    screen = _screen(key)
    assert screen.get(DISTRICT.format(world.other_district_unit.pk)).status_code == 404
    assert screen.get(DISTRICT.format(foreign.district_unit.pk)).status_code == 404
    assert screen.get("/api/v1/dashboards/city/").status_code == 401
    assert screen.get(f"/api/v1/dashboards/body/{world.body.pk}/").status_code == 401


def _api_paths():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method in operations:
            if method in ("get", "post", "put", "patch", "delete"):
                yield method, url


def test_a_token_is_no_credential_for_any_other_endpoint_of_the_schema(world):
    """Every other operation of the schema answers a token exactly as it answers nobody: 401 (or 403), and the
    public login endpoint its ordinary 400 for an empty body."""
    _token, key = token_issue(name="大屏", acting_user=world.district)
    screen, anonymous = _screen(key), APIClient()
    checked = 0
    for method, url in _api_paths():
        if url.startswith("/api/v1/dashboards/district/"):
            continue
        with_token = getattr(screen, method)(url, {}, format="json") if method != "get" else screen.get(url)
        unsigned = getattr(anonymous, method)(url, {}, format="json") if method != "get" else anonymous.get(url)
        assert with_token.status_code == unsigned.status_code, f"{method.upper()} {url}"
        if url != "/api/v1/auth/token/":
            assert with_token.status_code in (401, 403), f"{method.upper()} {url}: {with_token.status_code}"
        checked += 1
    assert checked > 50


def test_a_revoked_token_is_refused(world):
    token, key = token_issue(name="大屏", acting_user=world.district)
    token_revoke(token=token, acting_user=world.district)
    response = _screen(key).get(DISTRICT.format(world.district_unit.pk))
    assert response.status_code == 401
    assert "已吊销" in response.json()["detail"]
    assert _screen("made-up").get(DISTRICT.format(world.district_unit.pk)).status_code == 401


def test_revoking_from_the_page(world, as_user):
    token, _key = token_issue(name="大屏", acting_user=world.district)
    url = reverse("dashboards:token-revoke", args=[token.pk])
    assert as_user(world.other_district).post(url).status_code == 404
    assert as_user(world.regulator).post(url).status_code == 403
    assert as_user(world.district).post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == world.district


@override_settings(DASHBOARD_TOKEN_RATE="3/min")
def test_a_token_is_throttled(world):
    _token, key = token_issue(name="大屏", acting_user=world.district)
    other, other_key = token_issue(name="另一块屏", acting_user=world.district)
    url = DISTRICT.format(world.district_unit.pk)
    statuses = [_screen(key).get(url).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert _screen(other_key).get(url).status_code == 200  # per token, not per district
