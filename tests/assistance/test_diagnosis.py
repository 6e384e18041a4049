"""Diagnosis (附件二(二)) and the problem list with its statuses."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from assistance.models import (
    InternalAudit,
    Problem,
)
from assistance.services.diagnosis import diagnosis_record, diagnosis_update, problem_add, problem_move
from portal.services import STALE_CODE
from tests.domain import SHANGHAI, _file

pytestmark = pytest.mark.usefixtures("frozen_today")  # "today" is in the 2023 assistance phase


def _diagnose(enrolment, user, **overrides):
    data = {
        "enrolment": enrolment,
        "diagnosed_on": date(2023, 6, 10),
        "legal_qualifications_ok": True,
        "dishonesty_list_checked": True,
        "no_quality_penalty": True,
        "overall_state": "制度不全,记录缺失",
        "starting_point": "从采购和来料检验入手",
        "acting_user": user,
    }
    return diagnosis_record(**{**data, **overrides})


def _problem(diagnosis, user, description, urgency="medium"):
    return problem_add(diagnosis=diagnosis, category="检验", description=description, urgency=urgency, acting_user=user)


def test_one_diagnosis_per_enrolment(cast, fresh):
    _diagnose(fresh, cast.expert)
    with pytest.raises(ValidationError, match="already"):
        _diagnose(fresh, cast.expert)


def test_a_diagnosis_before_the_assistance_phase_or_in_the_future_is_refused(cast, fresh):
    for day in (date(2023, 5, 1), date(2023, 8, 16)):
        with pytest.raises(ValidationError) as error:
            _diagnose(fresh, cast.expert, diagnosed_on=day)
        assert "diagnosed_on" in error.value.message_dict


def test_the_enterprise_and_the_district_cannot_record_a_diagnosis(cast, fresh):

    for user in (cast.enterprise_user, cast.district, cast.regulator):
        with pytest.raises(PermissionDenied):
            _diagnose(fresh, user)


def test_a_second_editor_of_the_diagnosis_is_told_it_changed(cast, fresh):
    diagnosis = _diagnose(fresh, cast.expert)
    fields = {
        "diagnosed_on": date(2023, 6, 10),
        "legal_qualifications_ok": True,
        "dishonesty_list_checked": True,
        "no_quality_penalty": True,
        "overall_state": "已更新",
        "starting_point": "采购",
    }
    diagnosis_update(diagnosis=diagnosis, expected_version=1, acting_user=cast.expert, **fields)
    with pytest.raises(ValidationError) as error:
        diagnosis_update(diagnosis=diagnosis, expected_version=1, acting_user=cast.cb_manager, **fields)
    assert error.value.code == STALE_CODE


def test_a_problem_moves_open_in_progress_solved(cast, fresh):
    problem = _problem(_diagnose(fresh, cast.expert), cast.expert, "来料检验无记录")
    problem = problem_move(problem=problem, to="in_progress", expected_version=1, acting_user=cast.expert)
    problem = problem_move(problem=problem, to="solved", expected_version=2, acting_user=cast.expert, note="更换了量具")
    assert problem.status == "solved"
    with pytest.raises(ValidationError):
        problem_move(problem=problem, to="open", expected_version=3, acting_user=cast.expert)


def test_a_problem_is_verified_only_once_an_internal_audit_is_recorded(cast, fresh):
    problem = _problem(_diagnose(fresh, cast.expert), cast.expert, "不合格品未隔离")
    problem = problem_move(problem=problem, to="solved", expected_version=1, acting_user=cast.expert, note="更换了量具")
    with pytest.raises(ValidationError) as error:
        problem_move(problem=problem, to="verified", expected_version=2, acting_user=cast.expert)
    assert "to" in error.value.message_dict
    InternalAudit.objects.create(
        enrolment=fresh,
        auditor_training_done=True,
        starts_at=datetime(2023, 8, 1, 9, tzinfo=SHANGHAI),
        ends_at=datetime(2023, 8, 1, 17, tzinfo=SHANGHAI),
        plan_file=_file(),
        plan_name="p.pdf",
        report_file=_file(),
        report_name="r.pdf",
        recorded_by=cast.expert,
    )
    verified = problem_move(problem=problem, to="verified", expected_version=2, acting_user=cast.expert)
    assert verified.status == "verified"
    assert Problem.objects.get(pk=problem.pk).history.first().history_user == cast.expert


def test_the_same_problem_twice_on_one_list_is_refused(cast, fresh):
    diagnosis = _diagnose(fresh, cast.expert)
    _problem(diagnosis, cast.expert, "无供应商评价")
    with pytest.raises(ValidationError) as error:
        _problem(diagnosis, cast.expert, "无供应商评价")
    assert "description" in error.value.message_dict


def test_problem_status_buttons_on_the_work_page_move_the_problem(cast, domain, as_user):
    client = as_user(cast.expert)
    page = client.get(f"/assistance/work/enrolments/{cast.enrolment.pk}/")
    assert cast.problem.description in page.content.decode()
    response = client.post(f"/assistance/work/problems/{cast.problem.pk}/status/", {"to": "in_progress", "version": 1})
    assert response.status_code == 302
    cast.problem.refresh_from_db()
    assert cast.problem.status == "in_progress"
    # A stale button (the version moved on) is refused with a message, not applied.
    client.post(
        f"/assistance/work/problems/{cast.problem.pk}/status/", {"to": "solved", "version": 1, "note": "更换了量具"}
    )
    cast.problem.refresh_from_db()
    assert cast.problem.status == "in_progress"


def test_the_problem_api_moves_a_status_and_a_stale_version_is_a_409(cast, domain, api):
    client = api(cast.expert)
    url = f"/api/v1/problems/{cast.problem.pk}/status/"
    assert client.post(url, {"to": "in_progress", "version": 1}, format="json").status_code == 200
    assert client.post(url, {"to": "solved", "version": 1, "note": "更换了量具"}, format="json").status_code == 409
    assert (
        api(cast.district).post(url, {"to": "solved", "version": 2, "note": "更换了量具"}, format="json").status_code
        == 403
    )


def test_work_page_flags_an_overdue_problem_and_links_the_visit_that_found_it(cast, domain, as_user):
    # cast.problem is open and due 2023-07-31; the survey visit of 2023-06-02 preceded the diagnosis of that day.
    url = f"/assistance/work/enrolments/{cast.enrolment.pk}/"
    client = as_user(cast.expert)
    with time_machine.travel(datetime(2023, 8, 2, 10, tzinfo=SHANGHAI), tick=False):
        page = client.get(url)
    item = next(i for i in page.context["problems"] if i["problem"].pk == cast.problem.pk)
    assert item["overdue"] and item["found_at"] == cast.visit
    content = page.content.decode()
    assert "portal-problem-overdue" in content
    assert f"/assistance/work/visits/{cast.visit.pk}/" in content
    with time_machine.travel(datetime(2023, 7, 30, 10, tzinfo=SHANGHAI), tick=False):
        page = client.get(url)
    assert "portal-problem-overdue" not in page.content.decode()  # not due yet


def test_a_problem_is_marked_solved_only_with_how_it_was_solved(cast, fresh):
    problem = _problem(_diagnose(fresh, cast.expert), cast.expert, "量具未校准")
    with pytest.raises(ValidationError) as error:
        problem_move(problem=problem, to="solved", expected_version=1, acting_user=cast.expert, note="  ")
    assert "note" in error.value.message_dict
    problem.refresh_from_db()
    assert problem.status == "open" and problem.solution_note == ""
    solved = problem_move(
        problem=problem, to="solved", expected_version=1, acting_user=cast.expert, note="送检全部量具并建立台账"
    )
    solved.refresh_from_db()
    assert solved.status == "solved" and solved.solution_note == "送检全部量具并建立台账"


def test_the_work_page_asks_how_a_problem_was_solved_and_shows_it(cast, fresh, as_user):
    problem = _problem(_diagnose(fresh, cast.expert), cast.expert, "量具未校准")
    client = as_user(cast.expert)
    page = client.get(f"/assistance/work/enrolments/{fresh.pk}/").content.decode()
    assert 'name="note"' in page and "required" in page
    client.post(f"/assistance/work/problems/{problem.pk}/status/", {"to": "solved", "version": 1, "note": "送检量具"})
    problem.refresh_from_db()
    assert problem.status == "solved"
    assert "送检量具" in client.get(f"/assistance/work/enrolments/{fresh.pk}/").content.decode()
