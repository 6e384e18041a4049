"""Complaints about a certification body (五(二)2): service, pages and API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises.models import Complaint, ComplaintState
from enterprises.services.complaints import complaint_close, complaint_file, complaint_forward, complaint_respond


def _file(domain, subject="专家多次爽约"):
    return complaint_file(
        enterprise=domain.enterprise,
        body=domain.body,
        subject=subject,
        text="约定的现场诊断三次未到场,也未提前告知。",
        acting_user=domain.enterprise_user,
    )


def test_the_body_sees_a_complaint_only_once_the_regulator_forwards_it(domain):
    complaint = _file(domain)
    assert not Complaint.objects.visible_to(domain.cb_manager).filter(pk=complaint.pk).exists()
    assert Complaint.objects.visible_to(domain.regulator).filter(pk=complaint.pk).exists()
    with pytest.raises(PermissionDenied):
        complaint_forward(complaint=complaint, acting_user=domain.cb_manager)
    complaint_forward(complaint=complaint, acting_user=domain.regulator)
    assert Complaint.objects.visible_to(domain.cb_manager).filter(pk=complaint.pk).exists()


def test_the_body_responds_and_the_regulator_closes_with_a_note(domain):
    complaint = _file(domain)
    complaint_forward(complaint=complaint, acting_user=domain.regulator)
    complaint = complaint_respond(
        complaint=complaint, response="已更换专家并致歉", expected_response="", acting_user=domain.cb_manager
    )
    with pytest.raises(ValidationError) as error:  # a colleague's answer saved meanwhile is not overwritten
        complaint_respond(
            complaint=complaint, response="另一版答复", expected_response="", acting_user=domain.cb_manager
        )
    assert error.value.code == "stale"
    with pytest.raises(ValidationError):
        complaint_close(complaint=complaint, note="", outcome="upheld", acting_user=domain.regulator)
    closed = complaint_close(
        complaint=complaint, note="已核实,机构已整改", outcome="upheld", acting_user=domain.regulator
    )
    assert closed.state == ComplaintState.CLOSED and closed.regulator_note


def test_a_double_submitted_complaint_is_filed_once(domain):
    _file(domain)
    with pytest.raises(ValidationError) as error:
        _file(domain)
    assert "subject" in error.value.message_dict
    assert Complaint.objects.filter(enterprise=domain.enterprise, subject="专家多次爽约").count() == 1


def test_a_complaint_about_a_foreign_body_is_refused(domain, foreign):
    with pytest.raises(ValidationError):
        complaint_file(
            enterprise=domain.enterprise,
            body=foreign.body,
            subject="x",
            text="十个字以上的描述内容。",
            acting_user=domain.enterprise_user,
        )


def test_only_an_enterprise_files_complaints_and_only_for_itself(domain):
    with pytest.raises(PermissionDenied):
        complaint_file(
            enterprise=domain.enterprise,
            body=domain.body,
            subject="x",
            text="十个字以上的描述内容。",
            acting_user=domain.district,
        )


def test_a_complaint_closed_without_forwarding_stays_hidden_from_the_body(cast):
    complaint = Complaint.objects.create(
        enterprise=cast.enterprise, body=cast.body, subject="未转交即办结", text="……", submitted_by=cast.enterprise_user
    )
    Complaint.objects.filter(pk=complaint.pk).update(state=ComplaintState.CLOSED, regulator_note="已电话沟通")
    assert not Complaint.objects.visible_to(cast.cb_manager).filter(pk=complaint.pk).exists()
    assert Complaint.objects.visible_to(cast.regulator).filter(pk=complaint.pk).exists()


def test_the_complaint_form_offers_only_the_bodies_of_its_city(domain, foreign, as_user):
    response = as_user(domain.enterprise_user).get("/enterprises/complaints/new/")
    choices = list(response.context["form"].fields["body"].queryset)
    assert domain.body in choices and foreign.body not in choices
    response = as_user(domain.enterprise_user).post(
        "/enterprises/complaints/new/", {"body": foreign.body.pk, "subject": "x", "text": "十个字以上的描述内容。"}
    )
    assert "body" in response.context["form"].errors


def test_complaints_through_the_api(domain, api, foreign):
    client = api(domain.enterprise_user)
    created = client.post(
        "/api/v1/complaints/",
        {"body": domain.body.pk, "subject": "诊断敷衍", "text": "专家只待了十分钟就离开。"},
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert api(domain.cb_manager).get(f"/api/v1/complaints/{pk}/").status_code == 404
    foreign_body = client.post(
        "/api/v1/complaints/",
        {"body": foreign.body.pk, "subject": "x", "text": "十个字以上的描述内容。"},
        format="json",
    )
    assert foreign_body.status_code == 400
    assert api(domain.regulator).post(f"/api/v1/complaints/{pk}/forward/").status_code == 200
    manager = api(domain.cb_manager)
    assert manager.post(f"/api/v1/complaints/{pk}/respond/", {"response": "已整改"}, format="json").status_code == 200
    closed = api(domain.regulator).post(
        f"/api/v1/complaints/{pk}/close/", {"note": "已核实", "outcome": "partly_upheld"}, format="json"
    )
    assert closed.status_code == 200 and Complaint.objects.get(pk=pk).state == "closed"
