"""The dashboard API: the figures are the selector's, each reader sees only its own scope (404 for the rest, as for
a row that does not exist), the payload is cached with an ETag (304) and a write that changes the figures is seen on
the next request."""

import json
from datetime import time

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from assistance.models import Visit
from campaign.selectors import today_local
from evaluation.selectors.dashboards import body_dashboard, city_dashboard, district_dashboard
from tests.domain import populate_domain
from tests.queries import exact_queries

DISTRICT = "/api/v1/dashboards/district/{}/"
CITY = "/api/v1/dashboards/city/"
BODY = "/api/v1/dashboards/body/{}/"


def _plain(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@pytest.fixture
def world(cast):
    populate_domain(cast)
    return cast


def test_district_dashboard_serves_the_selectors_figures(world, api):
    response = api(world.district).get(DISTRICT.format(world.district_unit.pk))
    assert response.status_code == 200, response.content
    body = response.json()
    expected = _plain(district_dashboard(world.campaign, world.district_unit.pk, today_local()))
    for key in ("scope", "figures", "activity", "outcomes", "compliance", "timeline", "next_due", "as_of"):
        assert body[key] == expected[key], key
    assert body["figures"]["enrolments"] >= 1
    assert body["max_age"] == 60 and body["generated_at"]
    assert response["Cache-Control"] == "private, max-age=60"
    assert response["ETag"].startswith('"')


def test_city_and_body_dashboards_serve_the_selectors_figures(world, api):
    city = api(world.regulator).get(CITY).json()
    expected = _plain(city_dashboard(world.campaign, today_local()))
    assert city["districts"] == expected["districts"]
    assert city["lagging_districts"] == expected["lagging_districts"]
    assert city["figures"] == expected["figures"]
    body = api(world.cb_manager).get(BODY.format(world.body.pk)).json()
    assert body["figures"] == _plain(body_dashboard(world.campaign, world.body, today_local()))["figures"]


def test_a_district_reads_its_own_dashboard_only(world, api):
    client = api(world.district)
    assert client.get(DISTRICT.format(world.district_unit.pk)).status_code == 200
    assert client.get(DISTRICT.format(world.other_district_unit.pk)).status_code == 404
    assert client.get(DISTRICT.format(world.bureau_unit.pk)).status_code == 404
    assert client.get(CITY).status_code == 403
    assert client.get(BODY.format(world.body.pk)).status_code == 404


def test_the_regulator_reads_every_district_and_body_of_its_tenant_only(world, api, foreign):
    client = api(world.regulator)
    assert client.get(DISTRICT.format(world.other_district_unit.pk)).status_code == 200
    assert client.get(BODY.format(world.body.pk)).status_code == 200
    assert client.get(DISTRICT.format(foreign.district_unit.pk)).status_code == 404
    assert client.get(BODY.format(foreign.body.pk)).status_code == 404
    # The foreign regulator's city dashboard is its own tenant's.
    foreign_city = api(foreign.regulator).get(CITY)
    assert foreign_city.status_code == 200
    assert "天津" not in foreign_city.content.decode()
    assert api(foreign.regulator).get(DISTRICT.format(world.district_unit.pk)).status_code == 404


def test_other_roles_read_no_dashboard(world, api):
    for user in (world.cb_manager, world.expert, world.enterprise_user, world.reviewer, world.bureau):
        client = api(user)
        assert client.get(DISTRICT.format(world.district_unit.pk)).status_code == 404
        assert client.get(CITY).status_code == 403
    assert api(world.expert).get(BODY.format(world.body.pk)).status_code == 404
    assert api().get(CITY).status_code == 401


def test_a_foreign_campaign_id_is_a_404(world, api, foreign):
    response = api(world.regulator).get(CITY, {"campaign": foreign.campaign.pk})
    assert response.status_code == 404
    assert api(world.regulator).get(CITY, {"campaign": "x"}).status_code == 404


def test_etag_answers_304_when_nothing_changed(world, api):
    client = api(world.district)
    url = DISTRICT.format(world.district_unit.pk)
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_a_new_visit_shows_on_the_next_request(world, api, django_capture_on_commit_callbacks):
    client = api(world.district)
    url = DISTRICT.format(world.district_unit.pk)
    first = client.get(url)
    visits = first.json()["figures"]["visits"]
    with django_capture_on_commit_callbacks(execute=True):
        Visit.objects.create(
            enrolment=world.enrolment,
            expert=world.expert_profile,
            kind=Visit._meta.get_field("kind").choices[0][0],
            visited_on=world.campaign.phases.order_by("starts_on").last().starts_on,
            starts_at=time(9),
            ends_at=time(11),
            created_by=world.expert,
        )
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second.json()["figures"]["visits"] == visits + 1
    assert second["ETag"] != first["ETag"]


# A signed-in district's cached request: its scope (1) and nothing else (its own district is in the scope, the
# current campaign's id and the payload in the cache). Cold: the current campaign with its calendar (2) and the
# dashboard (DISTRICT_DASHBOARD_QUERIES, the district's row among them, minus the calendar and the kickoff deadline,
# prefetched).
WARM_QUERIES = 1


def test_dashboard_requests_cost_a_fixed_number_of_queries(world, api):
    from evaluation.selectors.dashboards import CALENDAR_QUERIES, DISTRICT_DASHBOARD_QUERIES
    from evaluation.selectors.figures import KICKOFF_DEADLINE_QUERIES
    from tests.evaluation.test_figures import _enrol

    url = DISTRICT.format(world.district_unit.pk)
    cold = WARM_QUERIES + 2 + DISTRICT_DASHBOARD_QUERIES - CALENDAR_QUERIES - KICKOFF_DEADLINE_QUERIES

    def measure(label):
        from django.core.cache import cache

        cache.clear()
        client, again = api(world.district), api(world.district)
        with exact_queries(cold, f"cold {label}"):
            assert client.get(url).status_code == 200
        with exact_queries(WARM_QUERIES, f"warm {label}"):
            assert again.get(url).status_code == 200

    measure("small")
    for n in range(300, 360):
        _enrol(world, n, world.district_unit, "operating", world.expert_profile)
    measure("larger")


def test_a_warm_answer_is_one_cache_round_trip_and_the_stored_json_as_it_is(world, api, monkeypatch):
    """A screen's minute refresh: the cache version and the scope's current dashboard in one round trip, and the
    stored JSON sent as it is; another renderer (the browsable API) still gets the same figures."""
    from django.core.cache import cache

    client = api(world.district)
    url = DISTRICT.format(world.district_unit.pk)
    first = client.get(url)
    trips: list[str] = []
    inside: list[bool] = []

    def counted(name, real):
        def call(*args, **kwargs):
            if not inside:  # the local-memory cache answers get_many with get: one call is one round trip
                trips.append(name)
            inside.append(True)
            try:
                return real(*args, **kwargs)
            finally:
                inside.pop()

        return call

    for method in ("get", "get_many", "set", "add", "incr"):
        monkeypatch.setattr(cache, method, counted(method, getattr(cache, method)))
    again = client.get(url)
    assert trips == ["get_many"]
    assert again.status_code == 200 and again["Content-Type"] == "application/json"
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert json.loads(again.content)["figures"] == first.json()["figures"]
    browsable = client.get(url, HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200 and browsable["Content-Type"].startswith("text/html")
    assert f"&quot;enrolments&quot;: {first.json()['figures']['enrolments']}" in browsable.content.decode()


def test_a_remembered_dashboard_is_made_again_once_the_version_moves(world, api, monkeypatch):
    """The scope's current dashboard remembers the cache version it was made at: a write's bump makes the next
    request compute the figures again, and without one they are not computed again."""
    from dashboards.cache import bump
    from evaluation.selectors import dashboards

    made = []
    real = dashboards.district_dashboard
    monkeypatch.setattr(dashboards, "district_dashboard", lambda *a, **k: made.append(1) or real(*a, **k))
    client = api(world.district)
    url = DISTRICT.format(world.district_unit.pk)
    client.get(url)
    client.get(url)
    assert len(made) == 1
    bump()
    client.get(url)
    assert len(made) == 2
