"""The enrolments the certification side assists: "my enterprises", the expert's home page, and the work page's
lifecycle buttons."""

from datetime import date

import pytest

from tests.assistance.conftest import new_enrolment

pytestmark = pytest.mark.usefixtures("frozen_today")  # "today" is in the 2023 assistance phase


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


def test_the_work_page_moves_the_enrolment_and_shows_what_is_missing(cast, fresh, as_user):
    client = as_user(cast.expert)
    page = client.get(f"/assistance/work/enrolments/{fresh.pk}/")
    assert [step["state"] for step in page.context["transitions"]] == ["diagnosed"]
    assert page.context["transitions"][0]["missing"]
    refused = client.post(f"/assistance/work/enrolments/{fresh.pk}/advance/", {"to": "diagnosed"}, follow=True)
    assert [m.level_tag for m in refused.context["messages"]] == ["error"]
    fresh.refresh_from_db()
    assert fresh.state == "assigned"
