"""The supervision API: rounds, visits, rectification requests with answer / close / return, filters, and what a
party is shown of a visit."""

from django.core.files.uploadedfile import SimpleUploadedFile

from supervision.models import RectificationRequest, SupervisionVisit
from tests.supervision.conftest import PDF


def test_the_regulator_opens_a_round_records_a_visit_and_asks_a_rectification(cast, api):
    client = api(cast.regulator)
    response = client.post(
        "/api/v1/supervision-rounds/",
        {"campaign": cast.campaign.pk, "title": "九月督导", "starts_on": "2023-09-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    round_id = response.json()["id"]
    response = client.post(
        "/api/v1/supervision-visits/",
        {
            "round": round_id,
            "enterprise": cast.enterprise.pk,
            "visited_on": "2023-09-05",
            "staff": [cast.regulator.pk],
            "observations": "查看内审记录",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    visit_id = response.json()["id"]
    response = client.post(
        "/api/v1/rectification-requests/",
        {"visit": visit_id, "enterprise": cast.enterprise.pk, "asked": "补充内审记录", "due_on": "2023-10-05"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "open"


def test_a_visit_with_two_targets_is_refused(cast, api, round_):
    response = api(cast.regulator).post(
        "/api/v1/supervision-visits/",
        {
            "round": round_.pk,
            "enterprise": cast.enterprise.pk,
            "body": cast.body.pk,
            "visited_on": "2023-09-05",
            "staff": [cast.regulator.pk],
            "observations": "x",
        },
        format="json",
    )
    assert response.status_code == 400


def test_the_party_answers_with_evidence_and_the_regulator_closes(cast, api, body_request):
    party = api(cast.cb_manager)
    refused = party.post(
        f"/api/v1/rectification-requests/{body_request.pk}/answer/",
        {"text": "已补齐", "version": body_request.version},
        format="multipart",
    )
    assert refused.status_code == 400
    assert "至少" in str(refused.json())
    answered = party.post(
        f"/api/v1/rectification-requests/{body_request.pk}/answer/",
        {"text": "已补齐", "version": body_request.version, "files": [SimpleUploadedFile("a.pdf", PDF)]},
        format="multipart",
    )
    assert answered.status_code == 201, answered.content
    version = answered.json()["version"]
    assert answered.json()["state"] == "answered"
    regulator = api(cast.regulator)
    stale = regulator.post(f"/api/v1/rectification-requests/{body_request.pk}/close/", {"version": 1}, format="json")
    assert stale.status_code == 409
    closed = regulator.post(
        f"/api/v1/rectification-requests/{body_request.pk}/close/", {"version": version}, format="json"
    )
    assert closed.status_code == 200 and closed.json()["state"] == "closed"


def test_the_regulator_sends_back_through_the_api(cast, api, body_request):
    from supervision.services.rectifications import request_answer
    from tests.supervision.conftest import pdf

    request_answer(request=body_request, text="x", files=[pdf()], expected_version=1, acting_user=cast.cb_manager)
    body_request.refresh_from_db()
    response = api(cast.regulator).post(
        f"/api/v1/rectification-requests/{body_request.pk}/return/",
        {"version": body_request.version, "comment": "材料不全"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["state"] == "returned"
    assert response.json()["return_comment"] == "材料不全"


def test_another_party_cannot_answer(cast, api, body_request):
    response = api(cast.district).post(
        f"/api/v1/rectification-requests/{body_request.pk}/answer/",
        {"text": "x", "version": 1, "files": [SimpleUploadedFile("a.pdf", PDF)]},
        format="multipart",
    )
    assert response.status_code == 404  # the district does not see the body's request


def test_filters_state_overdue_round_and_party(cast, api, body_request, district_request):
    client = api(cast.regulator)
    base = "/api/v1/rectification-requests/"

    def ids(query):
        response = client.get(base + query)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    both = {body_request.pk, district_request.pk}
    assert ids("?state=open") == both
    assert ids("?overdue=true") == both  # the 2023 due dates have passed
    assert ids("?overdue=false") == set()
    assert ids(f"?round={body_request.visit.round_id}") == both
    assert ids(f"?body={cast.body.pk}") == {body_request.pk}
    assert ids(f"?member_unit={cast.district_unit.pk}") == {district_request.pk}


def test_a_foreign_round_in_a_filter_is_a_404(cast, foreign, api, body_request):
    from datetime import date

    from supervision.services.rounds import round_create

    foreign_round = round_create(
        campaign=foreign.campaign, title="外地", starts_on=date(2023, 6, 1), acting_user=foreign.regulator
    )
    response = api(cast.regulator).get(f"/api/v1/rectification-requests/?round={foreign_round.pk}")
    assert response.status_code == 404


def test_a_party_is_shown_the_findings_about_itself_but_not_the_internal_notes(cast, api, visit, district_request):
    RectificationRequest.objects.create(
        visit=visit,
        campaign=cast.campaign,
        enterprise=cast.enterprise,
        asked="x",
        due_on=visit.visited_on,
        created_by=cast.regulator,
    )
    data = api(cast.district).get(f"/api/v1/supervision-visits/{visit.pk}/").json()
    assert data["findings"] == "培训记录不全" and "internal_notes" not in data and "staff" not in data
    data = api(cast.enterprise_user).get(f"/api/v1/supervision-visits/{visit.pk}/").json()
    assert data["findings"] is None and data["observations"] is None and "internal_notes" not in data
    data = api(cast.regulator).get(f"/api/v1/supervision-visits/{visit.pk}/").json()
    assert data["internal_notes"] == "区里配合一般"
    assert SupervisionVisit.objects.visible_to(cast.expert).count() == 0
