"""The groups slice's pages: forms keep the input and show the rules' messages; lists cost the same queries at
small and large N; foreign ids are 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assistance.models import Assignment, WorkingGroup
from enterprises.models import Cluster, EnrolmentState
from tests.assistance.groups.conftest import make_expert, make_screened

LIST_PAGES = [
    "/assistance/bodies/",
    "/assistance/experts/",
    "/assistance/groups/",
    "/assistance/assignments/",
    "/assistance/overrides/",
    "/assistance/audits/",
]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(world, n, start):
    """n more experts, n more screened enterprises (half assigned with an exception) and n more groups."""
    for i in range(start, start + n):
        expert = make_expert(world, f"e{i}", district=world.other_district_unit)
        enrolment = make_screened(world, f"企业{i}")
        if i % 2:
            Assignment.objects.create(
                enrolment=enrolment,
                expert=expert,
                assigned_by=world.cb_manager,
                overridden_rules=["R4"],
                override_reason="跨区支援",
            )
        group = WorkingGroup.objects.create(body=world.body, campaign=world.campaign, name=f"组{i}")
        group.districts.add(world.district_unit)
        group.members.create(user=expert.user, role="expert", is_leader=True)


LIST_CASES = [
    (role, url)
    for role in ("regulator", "cb_manager")
    for url in LIST_PAGES
    if "overrides" not in url or role == "regulator"
]


@pytest.mark.parametrize("role, url", LIST_CASES)
def test_list_pages_cost_the_same_queries_at_small_and_large_n(world, as_user, url, role):
    world.working_group.districts.add(world.district_unit)
    client = as_user(getattr(world, role))
    _grow(world, 2, 0)
    small = _count(client, url)
    _grow(world, 12, 100)
    large = _count(client, url)
    assert small == large, f"{url} as {role}: {small} queries at small N, {large} at large N"


def test_assignment_page_suggests_experts_and_explains_why(world, screened, as_user):
    make_expert(world, "carpets", specialties=[Cluster.CARPETS])
    response = as_user(world.cb_manager).get(f"/assistance/enrolments/{screened.pk}/assign/")
    content = response.content.decode()
    assert response.status_code == 200
    fits = response.context["suggestions"]
    assert fits[0].fits
    assert "carpets专家" in content


def test_assign_form_without_reason_names_the_broken_rule_and_keeps_the_choice(world, screened, as_user):
    elsewhere = make_expert(world, "heping", district=world.other_district_unit)
    client = as_user(world.cb_manager)
    url = f"/assistance/enrolments/{screened.pk}/assign/"
    response = client.post(url, {"expert": elsewhere.pk, "override_reason": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors["override_reason"]
    assert any("R4" in e for e in errors)
    assert f'value="{elsewhere.pk}" selected' in response.content.decode()
    response = client.post(url, {"expert": elsewhere.pk, "override_reason": "本区专家均已满负荷"})
    assert response.status_code == 302
    screened.refresh_from_db()
    assert screened.state == EnrolmentState.ASSIGNED
    overrides = as_user(world.regulator).get("/assistance/overrides/").content.decode()
    assert "本区专家均已满负荷" in overrides


def test_assignment_list_offers_the_screened_enterprises_the_groups_cover(world, screened, as_user):
    response = as_user(world.cb_manager).get("/assistance/assignments/")
    assert screened in list(response.context["to_assign"])
    uncovered = make_screened(world, "外区企业", district=world.bureau_unit)
    response = as_user(world.cb_manager).get("/assistance/assignments/")
    assert uncovered not in list(response.context["to_assign"])


def test_group_form_without_a_leader_shows_r6_and_keeps_the_input(world, as_user):
    client = as_user(world.cb_manager)
    data = {
        "name": "第三工作组",
        "campaign": world.campaign.pk,
        "districts": [world.district_unit.pk],
        f"member_{world.cb_manager.pk}": "manager",
        f"member_{world.expert.pk}": "expert",
        "leader": "",
    }
    response = client.post("/assistance/groups/new/", data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()  # R6, in the page's language
    assert not WorkingGroup.objects.filter(name="第三工作组").exists()
    assert 'value="第三工作组"' in response.content.decode()
    data["leader"] = world.expert.pk
    response = client.post("/assistance/groups/new/", data)
    assert response.status_code == 302
    group = WorkingGroup.objects.get(name="第三工作组")
    assert group.members.get(is_leader=True).user == world.expert


def test_group_edit_by_a_second_manager_after_a_change_is_told(world, as_user):
    client = as_user(world.cb_manager)
    url = f"/assistance/groups/{world.working_group.pk}/edit/"
    data = {
        "name": "改名",
        "districts": [world.district_unit.pk],
        f"member_{world.cb_manager.pk}": "manager",
        "leader": world.cb_manager.pk,
        "version": world.working_group.version,
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "name": "又改名"})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]


def test_manager_adds_an_expert_through_the_form(world, as_user):
    response = as_user(world.cb_manager).post(
        "/assistance/experts/new/",
        {
            "username": "new-expert",
            "display_name": "新专家",
            "specialties": [Cluster.BICYCLES],
            "home_district": world.district_unit.pk,
        },
    )
    assert response.status_code == 302
    assert world.body.experts.filter(user__username="new-expert").exists()


def test_a_foreign_district_in_the_expert_form_is_refused_like_a_missing_one(world, foreign, as_user):
    response = as_user(world.cb_manager).post(
        "/assistance/experts/new/",
        {
            "username": "x-expert",
            "display_name": "x",
            "specialties": [Cluster.BICYCLES],
            "home_district": foreign.district_unit.pk,
        },
    )
    assert response.status_code == 200
    assert "home_district" in response.context["form"].errors


@pytest.mark.parametrize("url", ["/assistance/experts/", "/assistance/groups/", "/assistance/assignments/"])
def test_a_foreign_campaign_filter_is_404_like_a_missing_one(world, foreign, as_user, url):
    client = as_user(world.cb_manager)
    assert client.get(url, {"campaign": world.campaign.pk}).status_code == 200
    foreign_answer = client.get(url, {"campaign": foreign.campaign.pk})
    missing = client.get(url, {"campaign": 987654})
    assert foreign_answer.status_code == missing.status_code == 404
    assert client.get(url, {"campaign": "abc"}).status_code == 404
