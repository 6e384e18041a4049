"""Closing a complaint records how it ended (upheld, partly upheld, not upheld): 五(二)2 counts the upheld ones."""

import pytest
from django.core.exceptions import ValidationError

from enterprises.models import Complaint, ComplaintOutcome, ComplaintState
from enterprises.services.complaints import complaint_close

OUTCOME_MISSING = "请选择投诉处理结论：成立、部分成立或不成立。"


def _unchanged(complaint):
    row = Complaint.objects.get(pk=complaint.pk)
    return row.state == ComplaintState.FORWARDED and row.outcome == "" and row.regulator_note == ""


def test_closing_a_complaint_without_an_outcome_is_refused_and_nothing_changes(domain):
    for outcome in ("", "maybe"):
        with pytest.raises(ValidationError) as error:
            complaint_close(complaint=domain.complaint, note="已核实", outcome=outcome, acting_user=domain.regulator)
        assert error.value.message_dict == {"outcome": [OUTCOME_MISSING]}
    assert _unchanged(domain.complaint)


def test_closing_without_an_outcome_or_a_note_reports_both_at_once(domain):
    with pytest.raises(ValidationError) as error:
        complaint_close(complaint=domain.complaint, note="", outcome="", acting_user=domain.regulator)
    assert set(error.value.message_dict) == {"note", "outcome"}
    assert _unchanged(domain.complaint)


def test_closing_a_complaint_stores_its_outcome(domain):
    closed = complaint_close(
        complaint=domain.complaint, note="已核实，机构已整改", outcome="partly_upheld", acting_user=domain.regulator
    )
    row = Complaint.objects.get(pk=closed.pk)
    assert row.state == ComplaintState.CLOSED and row.outcome == ComplaintOutcome.PARTLY_UPHELD
    assert row.history.first().outcome == "partly_upheld"


def test_the_close_page_without_an_outcome_or_a_note_shows_both_errors_and_closes_nothing(domain, as_user):
    response = as_user(domain.regulator).post(
        f"/enterprises/complaints/{domain.complaint.pk}/close/", {"note": "", "outcome": ""}
    )
    assert response.status_code == 400
    errors = response.context["close_form"].errors
    assert errors["outcome"] == [OUTCOME_MISSING] and "note" in errors
    assert _unchanged(domain.complaint)


def test_the_close_page_records_the_outcome_and_the_detail_and_list_pages_show_it(domain, as_user):
    client = as_user(domain.regulator)
    url = f"/enterprises/complaints/{domain.complaint.pk}/"
    assert "outcome" in client.get(url).context["close_form"].fields
    response = client.post(f"{url}close/", {"note": "经核实，投诉属实", "outcome": "upheld"})
    assert response.status_code == 302
    assert Complaint.objects.get(pk=domain.complaint.pk).outcome == "upheld"
    upheld = '<span class="badge text-bg-danger">成立</span>'
    for page in (url, "/enterprises/complaints/"):
        assert upheld in client.get(page).content.decode()
    assert upheld in as_user(domain.enterprise_user).get(url).content.decode()


def test_a_complaint_closed_before_outcomes_were_recorded_shows_as_unrecorded(domain, as_user):
    Complaint.objects.filter(pk=domain.complaint.pk).update(state=ComplaintState.CLOSED, regulator_note="已电话沟通")
    client = as_user(domain.regulator)
    for page in (f"/enterprises/complaints/{domain.complaint.pk}/", "/enterprises/complaints/"):
        assert "未记录结论" in client.get(page).content.decode()


def test_the_api_close_takes_the_outcome_and_shows_it(domain, api):
    response = api(domain.regulator).post(
        f"/api/v1/complaints/{domain.complaint.pk}/close/", {"note": "已核实", "outcome": "not_upheld"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["outcome"] == "not_upheld" and response.json()["outcome_label"] == "不成立"
    listed = api(domain.regulator).get("/api/v1/complaints/?outcome=not_upheld").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["id"] for row in rows] == [domain.complaint.pk]


@pytest.mark.parametrize("outcome", [None, "", "maybe"])
def test_the_api_close_refuses_a_missing_or_bad_outcome_with_400_naming_the_field(domain, api, outcome):
    data = {"note": "已核实"} | ({} if outcome is None else {"outcome": outcome})
    response = api(domain.regulator).post(f"/api/v1/complaints/{domain.complaint.pk}/close/", data, format="json")
    assert response.status_code == 400
    assert "outcome" in response.json()
    assert _unchanged(domain.complaint)
