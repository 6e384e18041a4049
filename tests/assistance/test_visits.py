"""Visits (附件二(二)(三)): logged in a few taps by the assigned expert, with photos and files; bad dates and times
refused in Chinese at the field."""

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assistance.models import (
    Visit,
    VisitFile,
)
from assistance.services.visits import visit_log
from tests.assistance.conftest import new_enrolment, pdf

pytestmark = pytest.mark.usefixtures("frozen_today")  # "today" is in the 2023 assistance phase


def _log(enrolment, user, **overrides):
    data = {
        "enrolment": enrolment,
        "kind": "survey",
        "visited_on": date(2023, 8, 10),
        "starts_at": time(9),
        "ends_at": time(11),
        "acting_user": user,
    }
    return visit_log(**{**data, **overrides})


def test_the_assigned_expert_logs_a_visit_with_several_files(cast, fresh):
    visit = _log(fresh, cast.expert, files=[pdf("签到表.pdf"), pdf("现场.pdf")], participants="总经理")
    assert visit.expert == cast.expert_profile
    assert sorted(VisitFile.objects.filter(visit=visit).values_list("original_name", flat=True)) == [
        "现场.pdf",
        "签到表.pdf",
    ]
    assert visit.history.get().history_user == cast.expert


def test_a_visit_before_the_assistance_phase_opens_is_refused(cast, fresh):
    with pytest.raises(ValidationError) as error:
        _log(fresh, cast.expert, visited_on=date(2023, 5, 8))
    assert "visited_on" in error.value.message_dict
    assert not Visit.objects.filter(enrolment=fresh).exists()


def test_a_visit_in_the_future_is_refused(cast, fresh):
    # Today is 15 August 2023 in Asia/Shanghai (conftest).
    with pytest.raises(ValidationError) as error:
        _log(fresh, cast.expert, visited_on=date(2023, 8, 16))
    assert "visited_on" in error.value.message_dict


@pytest.mark.parametrize("ends_at", [time(9), time(8, 30)])
def test_a_visit_whose_end_is_not_after_its_start_is_refused(cast, fresh, ends_at):
    with pytest.raises(ValidationError) as error:
        _log(fresh, cast.expert, ends_at=ends_at)
    assert "ends_at" in error.value.message_dict


def test_an_expert_cannot_log_a_visit_to_an_enterprise_not_assigned_to_them(cast, domain):
    # Issue 9: a forbidden action on a visible row is PermissionDenied (the API's 403), no longer a field error.
    other = new_enrolment(cast, expert=cast.auditor)
    with pytest.raises(PermissionDenied):
        _log(other, cast.expert)
    with pytest.raises(PermissionDenied):
        _log(other, cast.cb_manager)  # a manager is not the assigned expert either
    assert not Visit.objects.filter(enrolment=other).exists()


def test_logging_a_visit_for_a_visible_enrolment_the_role_may_not_log_is_a_403(cast, fresh, api):
    body = {"enrolment": fresh.pk, "kind": "survey", "visited_on": "2023-08-14", "starts_at": "09:00"}
    body |= {"ends_at": "10:00", "notes": "区里代记"}
    for user in (cast.cb_manager, cast.district):  # both see the enrolment; neither is its assigned expert
        assert api(user).post("/api/v1/visits/", body, format="json").status_code == 403
    assert not Visit.objects.filter(enrolment=fresh).exists()


def test_a_double_submitted_visit_is_logged_once(cast, fresh):
    _log(fresh, cast.expert)
    with pytest.raises(ValidationError, match="already"):
        _log(fresh, cast.expert)
    assert Visit.objects.filter(enrolment=fresh).count() == 1


def test_a_file_of_the_wrong_kind_is_refused_and_nothing_is_saved(cast, fresh):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        _log(fresh, cast.expert, files=[fake])
    assert "files" in error.value.message_dict
    assert not Visit.objects.filter(enrolment=fresh).exists()


def test_the_visit_form_shows_chinese_errors_at_the_fields_and_keeps_the_input(cast, fresh, as_user):
    client = as_user(cast.expert)
    page = client.get(f"/assistance/work/enrolments/{fresh.pk}/visits/new/")
    assert page.status_code == 200
    assert 'value="2023-08-15"' in page.content.decode()  # the date defaults to today
    response = client.post(
        f"/assistance/work/enrolments/{fresh.pk}/visits/new/",
        {
            "visited_on": "2023-08-14",
            "starts_at": "10:00",
            "ends_at": "09:00",
            "kind": "survey",
            "participants": "质量负责人王工",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert response.context["form"].errors["ends_at"]
    assert "质量负责人王工" in content
    assert not Visit.objects.filter(enrolment=fresh).exists()


def test_the_visit_form_logs_the_visit_and_returns_to_the_work_page(cast, fresh, as_user):
    client = as_user(cast.expert)
    response = client.post(
        f"/assistance/work/enrolments/{fresh.pk}/visits/new/",
        {
            "visited_on": "2023-08-14",
            "starts_at": "09:00",
            "ends_at": "11:30",
            "kind": "system_building",
            "files": [pdf("a.pdf"), pdf("b.pdf")],
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/assistance/work/enrolments/{fresh.pk}/#visits")
    visit = Visit.objects.get(enrolment=fresh)
    assert visit.files.count() == 2


def test_the_api_logs_a_visit_and_a_foreign_enrolment_is_a_404(cast, foreign, fresh, api):
    from tests.domain import populate_domain

    populate_domain(foreign)
    client = api(cast.expert)
    body = {
        "enrolment": fresh.pk,
        "kind": "survey",
        "visited_on": "2023-08-14",
        "starts_at": "09:00",
        "ends_at": "10:00",
    }
    created = client.post("/api/v1/visits/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["expert_name"] == str(cast.expert_profile)
    foreign_body = {**body, "enrolment": foreign.enrolment.pk}
    assert client.post("/api/v1/visits/", foreign_body, format="json").status_code == 404
    missing = {**body, "enrolment": 987654}
    assert client.post("/api/v1/visits/", missing, format="json").status_code == 404
    late = client.post("/api/v1/visits/", {**body, "visited_on": "2023-09-01"}, format="json")
    assert late.status_code == 400
    assert "visited_on" in late.json()
