"""The district submissions API: the flow through the actions, mass assignment ignored, 409 on a stale approve."""

from submissions.models import DistrictSubmission, SubmissionState
from tests.submissions.conftest import draft_submission, pdf, recommend_case

BASE = "/api/v1/district-submissions/"


def test_the_flow_through_the_api(cast, api, on_time):
    recommend_case(cast)
    district = api(cast.district)
    opened = district.post(BASE, {"campaign": cast.campaign.pk}, format="json")
    assert opened.status_code == 201, opened.content
    pk, version = opened.data["id"], opened.data["version"]
    uploaded = district.post(f"{BASE}{pk}/files/", {"file": pdf()}, format="multipart")
    assert uploaded.status_code == 201
    version = district.get(f"{BASE}{pk}/").data["version"]
    submitted = district.post(f"{BASE}{pk}/submit/", {"version": version}, format="json")
    assert submitted.status_code == 200 and submitted.data["state"] == SubmissionState.SUBMITTED
    assert submitted.data["late_days"] == 0
    regulator = api(cast.regulator)
    returned = regulator.post(
        f"{BASE}{pk}/return/", {"version": submitted.data["version"], "comment": "请补充"}, format="json"
    )
    assert returned.status_code == 200 and returned.data["return_comment"] == "请补充"
    again = district.post(f"{BASE}{pk}/submit/", {"version": returned.data["version"]}, format="json")
    approved = regulator.post(f"{BASE}{pk}/approve/", {"version": again.data["version"]}, format="json")
    assert approved.status_code == 200 and approved.data["state"] == SubmissionState.APPROVED
    refused = district.patch(f"{BASE}{pk}/", {"note": "改", "version": approved.data["version"]}, format="json")
    assert refused.status_code == 400
    unlocked = regulator.post(
        f"{BASE}{pk}/unlock/", {"version": approved.data["version"], "reason": "更正"}, format="json"
    )
    assert unlocked.status_code == 200 and unlocked.data["unlock_count"] == 1
    assert [e["kind"] for e in unlocked.data["events"]] == [
        "submitted",
        "returned",
        "submitted",
        "approved",
        "unlocked",
    ]


def test_mass_assignment_of_state_and_approval_is_ignored(cast, api, on_time):
    submission = draft_submission(cast)
    response = api(cast.district).patch(
        f"{BASE}{submission.pk}/",
        {"note": "说明", "version": 1, "state": "approved", "approved_by": cast.regulator.pk, "unlock_count": 9},
        format="json",
    )
    assert response.status_code == 200
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT and submission.approved_by is None
    assert submission.unlock_count == 0 and submission.note == "说明"


def test_a_stale_approve_is_a_409(cast, api, on_time):
    recommend_case(cast)
    submission = draft_submission(cast)
    api(cast.district).post(f"{BASE}{submission.pk}/submit/", {"version": 1}, format="json")
    response = api(cast.regulator).post(f"{BASE}{submission.pk}/approve/", {"version": 1}, format="json")
    assert response.status_code == 409
    assert DistrictSubmission.objects.get(pk=submission.pk).state == SubmissionState.SUBMITTED


def test_a_district_cannot_submit_without_a_case_through_the_api(cast, api, on_time):
    submission = draft_submission(cast)
    response = api(cast.district).post(f"{BASE}{submission.pk}/submit/", {"version": 1}, format="json")
    assert response.status_code == 400
    assert "推荐" in str(response.data)


def test_the_other_district_and_the_bureau_see_no_submission(cast, api, on_time):
    draft_submission(cast)
    for user in (cast.other_district, cast.bureau, cast.cb_manager):
        data = api(user).get(BASE).data
        rows = data["results"] if isinstance(data, dict) else data
        assert rows == []
