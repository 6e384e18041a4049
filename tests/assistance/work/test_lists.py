"""My enterprises, the home page, and the query count of every list page and endpoint of the work slice, which must
not grow with the rows (STYLE.md §10)."""

from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assistance.models import Problem, Training, Visit
from tests.assistance.work.conftest import new_enrolment


def test_my_enterprises_shows_state_next_step_and_last_visit(cast, domain, as_user):
    page = as_user(cast.expert).get("/assistance/work/")
    assert page.status_code == 200
    [row] = page.context["rows"]
    assert row.enrolment == cast.enrolment
    assert row.enrolment.last_visit_on == date(2023, 6, 2)
    assert row.next_step.due_on == date(2023, 10, 31)  # the campaign's "complete assistance" deadline
    assert cast.enterprise.name in page.content.decode()


def test_the_expert_home_page_lists_the_assigned_enterprises(cast, domain, as_user):
    page = as_user(cast.expert).get("/")
    assert [row.enrolment for row in page.context["work_rows"]] == [cast.enrolment]
    assert f"/assistance/work/enrolments/{cast.enrolment.pk}/" in page.content.decode()


def test_the_managers_list_shows_each_enrolments_expert(cast, domain, as_user):
    new_enrolment(cast, expert=cast.auditor, name="天津市第二家企业")
    page = as_user(cast.cb_manager).get("/assistance/work/")
    names = {row.enrolment.expert_name for row in page.context["rows"]}
    assert names == {cast.expert.display_name, cast.auditor.user.display_name}


def test_an_enrolment_of_another_expert_is_not_in_my_enterprises(cast, domain, as_user):
    new_enrolment(cast, expert=cast.auditor)
    page = as_user(cast.expert).get("/assistance/work/")
    assert [row.enrolment for row in page.context["rows"]] == [cast.enrolment]


def _grow(cast, n):
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


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


PAGES = [
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


@pytest.mark.parametrize("role, url", PAGES)
def test_work_lists_cost_the_same_queries_at_small_and_large_n(cast, domain, as_user, role, url):
    client = as_user(cast.users()[role])
    _grow(cast, 2)
    small = _count(client, url)
    _grow(cast, 12)
    large = _count(client, url)
    assert small == large, f"{url}: {small} queries at small N, {large} at large N"


def test_the_work_page_costs_the_same_queries_with_more_records(cast, domain, as_user):
    client = as_user(cast.expert)
    url = f"/assistance/work/enrolments/{cast.enrolment.pk}/"
    first = _count(client, url)
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
    assert _count(client, url) == first


FILTERS = [
    ("/api/v1/visits/", "enrolment", lambda c: c.enrolment),
    ("/api/v1/problems/", "enrolment", lambda c: c.enrolment),
    ("/api/v1/problems/", "diagnosis", lambda c: c.diagnosis),
    ("/api/v1/system-documents/", "enrolment", lambda c: c.enrolment),
    ("/api/v1/internal-audits/", "enrolment", lambda c: c.enrolment),
    ("/api/v1/trainings/", "district", lambda c: c.district_unit),
    ("/api/v1/trainings/", "campaign", lambda c: c.campaign),
    ("/api/v1/trainings/compliance/", "campaign", lambda c: c.campaign),
    ("/assistance/trainings/", "campaign", lambda c: c.campaign),
    ("/assistance/trainings/compliance/", "campaign", lambda c: c.campaign),
]


@pytest.mark.parametrize("url, param, pick", FILTERS, ids=[f"{u}?{p}" for u, p, _ in FILTERS])
def test_a_foreign_id_in_a_work_filter_is_a_404_like_a_missing_one(cast, domain, foreign, as_user, url, param, pick):
    from tests.domain import populate_domain

    populate_domain(foreign)
    client = as_user(cast.regulator)
    assert client.get(f"{url}?{param}={pick(cast).pk}").status_code == 200
    foreign_response = client.get(f"{url}?{param}={pick(foreign).pk}")
    missing = client.get(f"{url}?{param}=987654")
    assert foreign_response.status_code == missing.status_code == 404
    assert foreign_response.content == missing.content
