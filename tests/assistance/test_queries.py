"""Every list page, endpoint and report selector of assistance costs an exact number of queries, the same at small
and at large N (STYLE.md §10). The numbers are the baseline below (NetBox's habit): a change that adds a query to a
page must change its number here, on purpose; a mismatch prints the SQL (tests/queries.py)."""

from datetime import date, time

import pytest

from assistance.models import Assignment, Problem, Training, Visit, WorkingGroup
from assistance.selectors.trainings import training_compliance
from tests.assistance.conftest import make_expert, make_screened, new_enrolment
from tests.factories import MemberUnitFactory
from tests.queries import assert_page_queries, exact_queries

# (role, url) → queries. "<enrolment>" stands for the enrolment the test looks at.
QUERIES = {
    # pages of bodies, experts, working groups, assignments, exceptions and audits
    ("regulator", "/assistance/bodies/"): 9,
    ("regulator", "/assistance/experts/"): 15,
    ("regulator", "/assistance/groups/"): 17,
    ("regulator", "/assistance/assignments/"): 15,
    ("regulator", "/assistance/overrides/"): 9,
    ("regulator", "/assistance/audits/"): 10,
    ("cb_manager", "/assistance/bodies/"): 9,
    ("cb_manager", "/assistance/experts/"): 13,
    ("cb_manager", "/assistance/groups/"): 15,
    ("cb_manager", "/assistance/assignments/"): 14,
    ("cb_manager", "/assistance/audits/"): 10,
    # their endpoints (the caller's scope already cached on the user)
    ("regulator", "/api/v1/certification-bodies/"): 2,
    ("regulator", "/api/v1/experts/"): 5,
    ("regulator", "/api/v1/working-groups/"): 4,
    ("regulator", "/api/v1/assignments/"): 2,
    ("regulator", "/api/v1/certification-audits/"): 3,
    ("cb_manager", "/api/v1/enrolments/<enrolment>/expert-suggestions/"): 3,
    # the expert's work: home page, "my enterprises", trainings, R8, the work endpoints and one work page
    ("expert", "/"): 19,
    ("expert", "/assistance/work/"): 12,
    ("cb_manager", "/assistance/work/"): 11,
    ("expert", "/assistance/trainings/"): 17,
    ("regulator", "/assistance/trainings/compliance/"): 14,
    ("expert", "/api/v1/visits/"): 10,
    ("expert", "/api/v1/diagnoses/"): 9,
    ("expert", "/api/v1/problems/"): 9,
    ("expert", "/api/v1/plans/"): 9,
    ("expert", "/api/v1/system-documents/"): 9,
    ("expert", "/api/v1/operations/"): 9,
    ("expert", "/api/v1/internal-audits/"): 9,
    ("expert", "/api/v1/management-reviews/"): 9,
    ("regulator", "/api/v1/trainings/"): 9,
    ("regulator", "/api/v1/trainings/compliance/"): 11,
    ("expert", "/assistance/work/enrolments/<enrolment>/"): 26,
    # R8 per district (assistance.selectors.trainings.training_compliance), the scope cached
    ("regulator", "training_compliance"): 2,
}


def _grow_groups(world, n, start):
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


GROUP_PAGES = [
    (role, url)
    for role in ("regulator", "cb_manager")
    for url in [
        "/assistance/bodies/",
        "/assistance/experts/",
        "/assistance/groups/",
        "/assistance/assignments/",
        "/assistance/overrides/",
        "/assistance/audits/",
    ]
    if "overrides" not in url or role == "regulator"
]


@pytest.mark.parametrize("role, url", GROUP_PAGES)
def test_list_pages_cost_the_same_queries_at_small_and_large_n(world, as_user, url, role):
    world.working_group.districts.add(world.district_unit)
    client = as_user(getattr(world, role))
    _grow_groups(world, 2, 0)
    assert_page_queries(client, url, QUERIES[role, url])
    _grow_groups(world, 12, 100)
    assert_page_queries(client, url, QUERIES[role, url])


GROUP_ENDPOINTS = [
    "/api/v1/certification-bodies/",
    "/api/v1/experts/",
    "/api/v1/working-groups/",
    "/api/v1/assignments/",
    "/api/v1/certification-audits/",
]


@pytest.mark.parametrize("url", GROUP_ENDPOINTS)
def test_list_endpoints_cost_the_same_queries_at_small_and_large_n(world, api, url):
    client = api(world.regulator)
    client.get(url)  # the caller's scope is computed once and cached on the user
    _grow_groups(world, 2, 0)
    assert_page_queries(client, url, QUERIES["regulator", url])
    _grow_groups(world, 12, 100)
    assert_page_queries(client, url, QUERIES["regulator", url])


def test_suggestions_cost_the_same_queries_at_small_and_large_n(world, screened, api):
    client = api(world.cb_manager)
    url = f"/api/v1/enrolments/{screened.pk}/expert-suggestions/"
    expected = QUERIES["cb_manager", "/api/v1/enrolments/<enrolment>/expert-suggestions/"]
    client.get(url)  # the caller's scope is computed once and cached on the user
    assert_page_queries(client, url, expected)
    for i in range(10):
        make_expert(world, f"s{i}", district=world.other_district_unit)
    assert len(assert_page_queries(client, url, expected).json()) == 12  # expert, auditor and the ten


def _grow_work(cast, n):
    for i in range(n):
        enrolment = new_enrolment(cast)
        Visit.objects.create(
            enrolment=enrolment,
            expert=cast.expert_profile,
            kind="survey",
            visited_on=date(2023, 6, 3),
            starts_at=time(9),
            ends_at=time(10),
            created_by=cast.expert,
        )
        training = Training.objects.create(
            campaign=cast.campaign,
            kind="industry",
            organiser=cast.body.organisation,
            district=cast.district_unit,
            held_on=date(2023, 7, 1),
            topic=f"培训{i}",
            person_times=10,
            created_by=cast.expert,
        )
        training.enterprises.add(enrolment.enterprise)
        Problem.objects.create(diagnosis=cast.diagnosis, category="检验", description=f"问题{i}")


WORK_PAGES = [
    ("expert", "/"),
    ("expert", "/assistance/work/"),
    ("cb_manager", "/assistance/work/"),
    ("expert", "/assistance/trainings/"),
    ("regulator", "/assistance/trainings/compliance/"),
    ("expert", "/api/v1/visits/"),
    ("expert", "/api/v1/diagnoses/"),
    ("expert", "/api/v1/problems/"),
    ("expert", "/api/v1/plans/"),
    ("expert", "/api/v1/system-documents/"),
    ("expert", "/api/v1/operations/"),
    ("expert", "/api/v1/internal-audits/"),
    ("expert", "/api/v1/management-reviews/"),
    ("regulator", "/api/v1/trainings/"),
    ("regulator", "/api/v1/trainings/compliance/"),
]


@pytest.mark.usefixtures("frozen_today")
@pytest.mark.parametrize("role, url", WORK_PAGES)
def test_work_lists_cost_the_same_queries_at_small_and_large_n(cast, domain, as_user, role, url):
    client = as_user(cast.users()[role])
    _grow_work(cast, 2)
    assert_page_queries(client, url, QUERIES[role, url])
    _grow_work(cast, 12)
    assert_page_queries(client, url, QUERIES[role, url])


@pytest.mark.usefixtures("frozen_today")
def test_the_work_page_costs_the_same_queries_with_more_records(cast, domain, as_user):
    client = as_user(cast.expert)
    url = f"/assistance/work/enrolments/{cast.enrolment.pk}/"
    expected = QUERIES["expert", "/assistance/work/enrolments/<enrolment>/"]
    assert_page_queries(client, url, expected)
    for i in range(5):
        Visit.objects.create(
            enrolment=cast.enrolment,
            expert=cast.expert_profile,
            kind="follow_up",
            visited_on=date(2023, 7, 1 + i),
            starts_at=time(9),
            ends_at=time(10),
            created_by=cast.expert,
        )
        Problem.objects.create(diagnosis=cast.diagnosis, category="检验", description=f"新问题{i}")
    assert_page_queries(client, url, expected)


@pytest.mark.usefixtures("frozen_today")
def test_r8_compliance_costs_the_same_queries_at_2_and_20_districts(cast, domain):
    from tests.assistance.test_trainings import _train

    expected = QUERIES["regulator", "training_compliance"]
    training_compliance(user=cast.regulator, campaign=cast.campaign)  # works out the user's scope (cached on it)
    with exact_queries(expected, "training_compliance at 2 districts"):
        training_compliance(user=cast.regulator, campaign=cast.campaign)
    for _ in range(18):
        unit = MemberUnitFactory(tenant=cast.tenant)
        domain.working_group.districts.add(unit)  # R8 (issue 9): the body trains where its groups work
        _train(cast, cast.cb_manager, district=unit, topic=f"培训{unit.pk}")
    with exact_queries(expected, "training_compliance at 20 districts"):
        training_compliance(user=cast.regulator, campaign=cast.campaign)
