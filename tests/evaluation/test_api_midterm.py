"""The mid-term API: snapshots taken once per token and never changed, each caller reading its own line; the
meeting and the next steps."""

import uuid
from datetime import date

import pytest

from evaluation.models import MidtermSnapshot
from evaluation.services.midterm import meeting_record, next_step_add
from tests.domain import populate_domain

SNAPSHOTS = "/api/v1/midterm-snapshots/"


@pytest.fixture
def data(cast):
    return populate_domain(cast)


def _take(api, cast, token):
    return api(cast.regulator).post(SNAPSHOTS, {"campaign": cast.campaign.pk, "token": token}, format="json")


def test_regulator_takes_a_snapshot_and_the_same_token_returns_it(api, data):
    token = str(uuid.uuid4())
    first = _take(api, data, token)
    again = _take(api, data, token)

    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["line"]["kind"] == "city"
    assert MidtermSnapshot.objects.count() == 1


def test_a_snapshot_has_no_update_or_delete(api, data):
    snapshot_id = _take(api, data, str(uuid.uuid4())).json()["id"]
    client = api(data.regulator)
    url = f"{SNAPSHOTS}{snapshot_id}/"
    assert client.patch(url, {"figures": {}}, format="json").status_code == 405
    assert client.put(url, {"figures": {}}, format="json").status_code == 405
    assert client.delete(url).status_code == 405


def test_district_and_body_cannot_take_a_snapshot(api, data):
    for user in (data.district, data.cb_manager):
        response = api(user).post(SNAPSHOTS, {"campaign": data.campaign.pk, "token": str(uuid.uuid4())}, format="json")
        assert response.status_code == 403
    assert MidtermSnapshot.objects.count() == 0


def test_a_district_reads_only_its_own_line_through_the_api(api, data):
    snapshot_id = _take(api, data, str(uuid.uuid4())).json()["id"]
    response = api(data.district).get(f"{SNAPSHOTS}{snapshot_id}/")

    assert response.status_code == 200
    line = response.json()["line"]
    assert line["kind"] == "district" and line["row"]["id"] == data.district_unit.pk
    assert "figures" not in line
    assert data.other_district_unit.name not in response.content.decode()


def test_a_foreign_campaign_cannot_be_snapshotted(api, data, foreign):
    response = api(data.regulator).post(
        SNAPSHOTS, {"campaign": foreign.campaign.pk, "token": str(uuid.uuid4())}, format="json"
    )
    assert response.status_code == 400
    assert MidtermSnapshot.objects.count() == 0


def test_meeting_update_on_a_stale_version_is_409(api, data):
    meeting = meeting_record(
        campaign=data.campaign, held_on=date(2023, 8, 25), place="会议室", attendance=30, acting_user=data.regulator
    )
    client = api(data.regulator)
    body = {"held_on": "2023-08-26", "place": "新会场", "attendance": 31, "version": meeting.version}
    assert client.put(f"/api/v1/midterm-meetings/{meeting.pk}/", body, format="json").status_code == 200
    assert client.put(f"/api/v1/midterm-meetings/{meeting.pk}/", body, format="json").status_code == 409


def test_owner_marks_a_next_step_done_through_the_api(api, data):
    meeting = meeting_record(
        campaign=data.campaign, held_on=date(2023, 8, 25), place="会议室", attendance=30, acting_user=data.regulator
    )
    step = next_step_add(
        meeting=meeting,
        what="组织行业培训",
        owner_kind="member_unit",
        member_unit=data.district_unit,
        due_on=date(2023, 9, 30),
        acting_user=data.regulator,
    )
    url = f"/api/v1/next-steps/{step.pk}/done/"
    assert api(data.other_district).post(url, {"done": True, "version": 1}, format="json").status_code == 404
    response = api(data.district).post(url, {"done": True, "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["done"] is True
    assert [s["id"] for s in api(data.district).get("/api/v1/next-steps/").json()["results"]] == [step.pk]
