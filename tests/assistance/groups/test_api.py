"""The groups slice's API: scoped like the pages, rules as 400s with field messages, query counts flat in N."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assistance.models import Assignment, WorkingGroup
from enterprises.models import Cluster, EnrolmentState
from tests.assistance.groups.conftest import make_expert, make_screened
from tests.assistance.groups.test_pages import _grow

LISTS = [
    "/api/v1/certification-bodies/",
    "/api/v1/experts/",
    "/api/v1/working-groups/",
    "/api/v1/assignments/",
    "/api/v1/certification-audits/",
]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", LISTS)
def test_list_endpoints_cost_the_same_queries_at_small_and_large_n(world, api, url):
    client = api(world.regulator)
    client.get(url)  # the caller's scope is computed once and cached on the user
    _grow(world, 2, 0)
    small = _count(client, url)
    _grow(world, 12, 100)
    assert _count(client, url) == small


def test_suggestions_cost_the_same_queries_at_small_and_large_n(world, screened, api):
    client = api(world.cb_manager)
    url = f"/api/v1/enrolments/{screened.pk}/expert-suggestions/"
    client.get(url)  # the caller's scope is computed once and cached on the user
    small = _count(client, url)
    for i in range(10):
        make_expert(world, f"s{i}", district=world.other_district_unit)
    assert _count(client, url) == small
    assert len(client.get(url).json()) == 12  # expert, auditor and the ten


def test_r4_api_assignment_without_reason_is_a_400_naming_the_rule_and_with_one_is_recorded(world, screened, api):
    elsewhere = make_expert(world, "heping", district=world.other_district_unit)
    client = api(world.cb_manager)
    body = {"enrolment": screened.pk, "expert": elsewhere.pk}
    refused = client.post("/api/v1/assignments/", body, format="json")
    assert refused.status_code == 400
    assert any("R4" in m for m in refused.json()["override_reason"])
    created = client.post("/api/v1/assignments/", {**body, "override_reason": "本区专家均已满负荷"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["overridden_rules"] == ["R4"]
    screened.refresh_from_db()
    assert screened.state == EnrolmentState.ASSIGNED
    overridden = api(world.regulator).get("/api/v1/assignments/", {"overridden": "true"}).json()["results"]
    assert [row["id"] for row in overridden] == [created.json()["id"]]


def test_suggestions_endpoint_ranks_and_explains(world, screened, api):
    carpets = make_expert(world, "carpets", specialties=[Cluster.CARPETS])
    rows = api(world.cb_manager).get(f"/api/v1/enrolments/{screened.pk}/expert-suggestions/").json()
    assert rows[0]["rules_broken"] == []
    carpet_row = next(row for row in rows if row["expert"] == carpets.pk)
    assert carpet_row["rules_broken"] == ["R3"] and carpet_row["reasons"]


def test_r6_api_two_leaders_are_a_400(world, api):
    response = api(world.cb_manager).post(
        "/api/v1/working-groups/",
        {
            "campaign": world.campaign.pk,
            "name": "第二工作组",
            "districts": [world.district_unit.pk],
            "members": [
                {"user": world.cb_manager.pk, "role": "manager", "is_leader": True},
                {"user": world.expert.pk, "role": "expert", "is_leader": True},
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "members" in response.json()
    assert not WorkingGroup.objects.filter(name="第二工作组").exists()


def test_api_working_group_member_of_another_body_is_answered_like_a_missing_user(world, foreign, api):
    response = api(world.cb_manager).post(
        "/api/v1/working-groups/",
        {
            "campaign": world.campaign.pk,
            "name": "第二工作组",
            "districts": [world.district_unit.pk],
            "members": [{"user": foreign.expert.pk, "role": "expert", "is_leader": True}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "members" in response.json()


def test_api_expert_create_and_stale_update_is_a_409(world, api):
    client = api(world.cb_manager)
    created = client.post(
        "/api/v1/experts/",
        {
            "username": "api-expert",
            "display_name": "接口专家",
            "specialties": ["hardware"],
            "home_district": world.district_unit.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    expert = created.json()
    update = {
        "display_name": "接口专家",
        "specialties": ["carpets"],
        "home_district": world.district_unit.pk,
        "version": expert["version"],
    }
    first = client.put(f"/api/v1/experts/{expert['id']}/", update, format="json")
    assert first.status_code == 200, first.json()
    assert client.put(f"/api/v1/experts/{expert['id']}/", update, format="json").status_code == 409


def test_api_writes_are_403_for_roles_that_may_not_make_them(world, screened, api):
    assert api(world.regulator).post("/api/v1/assignments/", {}, format="json").status_code == 403
    assert api(world.expert).post("/api/v1/experts/", {}, format="json").status_code == 403
    assert api(world.district).post("/api/v1/certification-audits/", {}, format="json").status_code == 403
    response = api(world.regulator).post(f"/api/v1/assignments/{world.assignment.pk}/end/", {"reason": "x"})
    assert response.status_code == 403


def test_api_end_assignment_of_a_live_enrolment_is_refused(world, api):
    response = api(world.cb_manager).post(
        f"/api/v1/assignments/{world.assignment.pk}/end/", {"reason": "企业退出"}, format="json"
    )
    assert response.status_code == 400
    assert Assignment.objects.get(pk=world.assignment.pk).ended_at is None


FILTERS = [
    ("/api/v1/working-groups/", "campaign", lambda c: c.campaign),
    ("/api/v1/experts/", "home_district", lambda c: c.district_unit),
    ("/api/v1/assignments/", "campaign", lambda c: c.campaign),
    ("/api/v1/assignments/", "enrolment", lambda c: c.enrolment),
    ("/api/v1/assignments/", "expert", lambda c: c.expert_profile),
    ("/api/v1/certification-audits/", "enrolment", lambda c: c.enrolment),
]


@pytest.mark.parametrize("url, param, pick", FILTERS, ids=[f"{u}?{p}" for u, p, _ in FILTERS])
def test_a_foreign_id_in_a_filter_is_404_like_a_missing_one(world, foreign, api, url, param, pick):
    from tests.domain import populate_domain

    populate_domain(foreign)
    client = api(world.regulator)
    assert client.get(url, {param: pick(world).pk}).status_code == 200
    foreign_answer = client.get(url, {param: pick(foreign).pk})
    missing = client.get(url, {param: 987654})
    assert foreign_answer.status_code == missing.status_code == 404
    assert foreign_answer.content == missing.content


def test_a_foreign_enrolment_in_the_assignment_body_is_answered_like_a_missing_one(world, foreign, api):
    foreign_screened = make_screened(foreign, "外地企业")
    client = api(world.cb_manager)
    foreign_answer = client.post(
        "/api/v1/assignments/", {"enrolment": foreign_screened.pk, "expert": world.expert_profile.pk}, format="json"
    )
    assert foreign_answer.status_code == 400
    assert "enrolment" in foreign_answer.json()
    assert not Assignment.objects.filter(enrolment=foreign_screened).exists()
