"""R5 (附件一: 帮扶专家不得进审核组及参与认证决定; 附件三: 帮扶专家不应参与认证活动), from every path: the service, the
HTML form, the API and the admin."""

from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.models import User
from assistance.models import (
    Assignment,
    AuditResult,
    CertificationAudit,
    Visit,
)
from assistance.services.assignments import assignment_create
from assistance.services.audits import certification_audit_decide, certification_audit_record
from tests.assistance.conftest import make_expert

TODAY = date(2023, 12, 20)


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(TODAY, tick=False):
        yield


def _record(world, team, decision_maker=None, starts_on=date(2023, 12, 11)):
    return certification_audit_record(
        enrolment=world.enrolment,
        team=team,
        starts_on=starts_on,
        ends_on=date(2023, 12, 12),
        decision_maker=decision_maker,
        acting_user=world.cb_manager,
    )


def _log_visit(world, expert):
    Visit.objects.create(
        enrolment=world.enrolment,
        expert=expert,
        kind="follow_up",
        visited_on=date(2023, 7, 1),
        starts_at=time(9),
        ends_at=time(10),
        created_by=expert.user,
    )


def test_r5_assigned_expert_cannot_sit_on_the_audit_team_of_the_enterprise_they_assisted(world):
    with pytest.raises(ValidationError) as exc:
        _record(world, [world.auditor, world.expert_profile])
    message = " ".join(exc.value.message_dict["team"])
    assert str(world.expert_profile) in message and "assigned" in message
    assert not CertificationAudit.objects.filter(starts_on=date(2023, 12, 11)).exists()


def test_r5_expert_who_only_logged_a_visit_cannot_sit_on_the_team(world):
    visitor = make_expert(world, "visitor")
    _log_visit(world, visitor)
    with pytest.raises(ValidationError) as exc:
        _record(world, [visitor])
    message = " ".join(exc.value.message_dict["team"])
    assert str(visitor) in message and "visit" in message


def test_r5_an_ended_assignment_still_counts(world):
    replacement = make_expert(world, "replacement")
    assignment_create(
        enrolment=world.enrolment,
        expert=replacement,
        reassign_reason="原专家调岗",
        late_reason="December: after the assistance phase",  # issue 9: a late assignment gives its reason
        acting_user=world.cb_manager,
    )
    with pytest.raises(ValidationError) as exc:
        _record(world, [world.expert_profile])  # their assignment has ended, but they assisted
    assert str(world.expert_profile) in " ".join(exc.value.message_dict["team"])


def test_r5_assisting_expert_cannot_be_the_decision_maker(world):
    with pytest.raises(ValidationError) as exc:
        _record(world, [world.auditor], decision_maker=world.expert_profile)
    assert str(world.expert_profile) in " ".join(exc.value.message_dict["decision_maker"])


def test_r5_an_impartial_team_is_recorded(world):
    audit = _record(world, [world.auditor])
    assert list(audit.team.all()) == [world.auditor]
    assert audit.body == world.body and audit.result == AuditResult.PENDING


def test_r5_check_runs_again_when_the_decision_is_recorded(world):
    audit = _record(world, [world.auditor])
    decider = make_expert(world, "decider")
    # After the audit was recorded, the auditor logged a visit at the enterprise, and the decider did too.
    _log_visit(world, world.auditor)
    _log_visit(world, decider)
    with pytest.raises(ValidationError) as exc:
        certification_audit_decide(
            audit=audit,
            decision_maker=decider,
            result=AuditResult.CERTIFIED,
            decided_on=date(2023, 12, 18),
            acting_user=world.cb_manager,
        )
    errors = exc.value.message_dict
    assert str(world.auditor) in " ".join(errors["team"])
    assert str(decider) in " ".join(errors["decision_maker"])
    audit.refresh_from_db()
    assert audit.result == AuditResult.PENDING


def test_decision_is_recorded_once(world):
    audit = _record(world, [world.auditor])
    decider = make_expert(world, "decider")
    certification_audit_decide(
        audit=audit,
        decision_maker=decider,
        result=AuditResult.CERTIFIED,
        decided_on=date(2023, 12, 18),
        acting_user=world.cb_manager,
    )
    with pytest.raises(ValidationError):
        certification_audit_decide(
            audit=audit,
            decision_maker=decider,
            result=AuditResult.REFUSED,
            decided_on=date(2023, 12, 18),
            acting_user=world.cb_manager,
        )


def test_a_double_submitted_audit_is_recorded_once(world):
    _record(world, [world.auditor])
    with pytest.raises(ValidationError) as exc:
        _record(world, [world.auditor])
    assert "starts_on" in exc.value.message_dict
    assert CertificationAudit.objects.filter(starts_on=date(2023, 12, 11)).count() == 1


def test_r5_form_refuses_an_assisting_expert_with_a_message_and_keeps_the_input(world, as_user):
    client = as_user(world.cb_manager)
    response = client.post(
        f"/assistance/enrolments/{world.enrolment.pk}/audits/new/",
        {
            "starts_on": "2023-12-11",
            "ends_on": "2023-12-12",
            "team": [world.auditor.pk, world.expert_profile.pk],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["team"]
    assert any(str(world.expert_profile) in error for error in errors)
    assert 'value="2023-12-11"' in response.content.decode()
    assert not CertificationAudit.objects.filter(starts_on=date(2023, 12, 11)).exists()


def test_r5_decision_form_refuses_an_assisting_decision_maker(world, as_user):
    client = as_user(world.cb_manager)
    response = client.post(
        f"/assistance/audits/{world.certification_audit.pk}/decide/",
        {"decision_maker": world.expert_profile.pk, "result": "certified", "decided_on": "2023-12-15"},
    )
    assert response.status_code == 200
    assert any(str(world.expert_profile) in e for e in response.context["form"].errors["decision_maker"])
    response = client.post(
        f"/assistance/audits/{world.certification_audit.pk}/decide/",
        {"decision_maker": world.auditor.pk, "result": "certified", "decided_on": "2023-12-15"},
    )
    assert response.status_code == 302
    world.certification_audit.refresh_from_db()
    assert world.certification_audit.result == AuditResult.CERTIFIED


def test_r5_api_refuses_an_assisting_expert_on_the_team_with_a_400_naming_them(world, api):
    response = api(world.cb_manager).post(
        "/api/v1/certification-audits/",
        {
            "enrolment": world.enrolment.pk,
            "team": [world.expert_profile.pk],
            "starts_on": "2023-12-11",
            "ends_on": "2023-12-12",
        },
        format="json",
    )
    assert response.status_code == 400
    assert str(world.expert_profile) in " ".join(response.json()["team"])


def test_r5_api_decide_runs_the_check_again(world, api):
    response = api(world.cb_manager).post(
        f"/api/v1/certification-audits/{world.certification_audit.pk}/decide/",
        {"decision_maker": world.expert_profile.pk, "result": "certified", "decided_on": "2023-12-15"},
        format="json",
    )
    assert response.status_code == 400
    assert str(world.expert_profile) in " ".join(response.json()["decision_maker"])


def test_r5_api_records_an_impartial_audit(world, api):
    response = api(world.cb_manager).post(
        "/api/v1/certification-audits/",
        {
            "enrolment": world.enrolment.pk,
            "team": [world.auditor.pk],
            "starts_on": "2023-12-11",
            "ends_on": "2023-12-12",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["team"] == [world.auditor.pk]


@pytest.mark.parametrize("who", ["regulator", "superuser"])
def test_r5_admin_cannot_add_or_change_certification_audits(world, client, who):
    user = world.regulator if who == "regulator" else User.objects.create_superuser("root", password="x")
    client.force_login(user)
    base = "/admin/assistance/certificationaudit/"
    assert client.get(f"{base}add/").status_code == 403
    assert (
        client.post(f"{base}add/", {"enrolment": world.enrolment.pk, "team": [world.expert_profile.pk]}).status_code
        == 403
    )
    change = client.post(
        f"{base}{world.certification_audit.pk}/change/",
        {"team": [world.expert_profile.pk], "starts_on": "2023-12-04", "ends_on": "2023-12-05"},
    )
    assert change.status_code == 403
    assert list(world.certification_audit.team.all()) == [world.auditor]


# --- R5 the other way round (issue 9): a member of a pending audit is not assigned as the assistance expert -------


LATE = "December: after the assistance phase, on purpose"  # the module's "today" is after the assistance phase


def _pending_audit(world, enrolment, *, team, decision_maker=None):
    audit = CertificationAudit.objects.create(
        enrolment=enrolment,
        body=world.body,
        starts_on=date(2023, 9, 4),
        ends_on=date(2023, 9, 5),
        decision_maker=decision_maker,
        recorded_by=world.cb_manager,
    )
    audit.team.set(team)
    return audit


def test_r5_expert_on_the_pending_audit_team_cannot_be_assigned_to_that_enterprise(world, screened):
    auditor = make_expert(world, "审核组员")
    _pending_audit(world, screened, team=[auditor])
    with pytest.raises(ValidationError) as error:
        assignment_create(enrolment=screened, expert=auditor, late_reason=LATE, acting_user=world.cb_manager)
    assert "certification audit" in error.value.message_dict["expert"][0]
    screened.refresh_from_db()
    assert screened.state == "screened"
    assert not Assignment.objects.filter(enrolment=screened).exists()


def test_r5_decision_maker_of_the_pending_audit_cannot_be_assigned_but_once_decided_the_check_is_over(world, screened):
    auditor, decider = make_expert(world, "审核员乙"), make_expert(world, "决定人")
    audit = _pending_audit(world, screened, team=[auditor], decision_maker=decider)
    with pytest.raises(ValidationError) as error:
        assignment_create(enrolment=screened, expert=decider, late_reason=LATE, acting_user=world.cb_manager)
    assert "expert" in error.value.message_dict
    assert not Assignment.objects.filter(enrolment=screened).exists()
    type(audit).objects.filter(pk=audit.pk).update(result="certified", decided_on=date(2023, 9, 6))
    assigned = assignment_create(enrolment=screened, expert=decider, late_reason=LATE, acting_user=world.cb_manager)
    assert assigned.expert == decider


def test_r5_api_assigning_a_member_of_the_pending_audit_is_a_400_and_stores_nothing(world, screened, api):
    auditor = make_expert(world, "审核组员丙")
    _pending_audit(world, screened, team=[auditor])
    refused = api(world.cb_manager).post(
        "/api/v1/assignments/",
        {"enrolment": screened.pk, "expert": auditor.pk, "override_reason": "理由足够长的例外", "late_reason": LATE},
        format="json",
    )
    assert refused.status_code == 400
    assert "expert" in refused.json()
    assert not Assignment.objects.filter(enrolment=screened).exists()
