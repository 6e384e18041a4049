"""Assignment rules R2–R4 (附件一), each refused without a reason and recorded with one; reassignment; suggestions —
through the service, the pages and the API."""

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from assistance.models import (
    Assignment,
)
from assistance.selectors.assignments import expert_suggestions, override_list
from assistance.services.assignments import assignment_create, assignment_end
from enterprises.models import Cluster, EnrolmentState, EnrolmentTransition
from enterprises.services.enrolments import enrolment_withdraw
from tests.assistance.conftest import make_expert, make_screened
from tests.domain import SHANGHAI

# "today" is in the 2023 assistance phase (issue 9: an assignment after it needs a reason, tested on its own below)
pytestmark = pytest.mark.usefixtures("frozen_today")


def _messages(exc):
    return " ".join(m for msgs in exc.value.message_dict.values() for m in msgs)


def test_assigning_moves_the_enrolment_to_assigned_in_the_same_transaction(world, screened):
    fitting = make_expert(world, "fit")
    assignment = assignment_create(enrolment=screened, expert=fitting, acting_user=world.cb_manager)
    screened.refresh_from_db()
    assert screened.state == EnrolmentState.ASSIGNED
    assert assignment.overridden_rules == [] and assignment.override_reason == ""
    transition = EnrolmentTransition.objects.get(enrolment=screened, to_state=EnrolmentState.ASSIGNED)
    assert transition.by == world.cb_manager


def test_r2_expert_cannot_take_a_third_enterprise_without_a_reason(world, screened):
    # world.expert already assists world.enrolment; give them a second, then try a third.
    second = make_screened(world, "第二五金厂")
    assignment_create(enrolment=second, expert=world.expert_profile, acting_user=world.cb_manager)
    with pytest.raises(ValidationError) as exc:
        assignment_create(enrolment=screened, expert=world.expert_profile, acting_user=world.cb_manager)
    assert "R2" in _messages(exc)
    assert "override_reason" in exc.value.message_dict
    screened.refresh_from_db()
    assert screened.state == EnrolmentState.SCREENED
    assert not Assignment.objects.filter(enrolment=screened).exists()


def test_r2_third_enterprise_is_allowed_with_a_reason_and_recorded(world, screened):
    second = make_screened(world, "第二五金厂")
    assignment_create(enrolment=second, expert=world.expert_profile, acting_user=world.cb_manager)
    assignment = assignment_create(
        enrolment=screened,
        expert=world.expert_profile,
        override_reason="该区五金行业专家仅此一人,企业同意",
        acting_user=world.cb_manager,
    )
    assert assignment.overridden_rules == ["R2"]
    assert assignment.override_reason == "该区五金行业专家仅此一人,企业同意"
    assert assignment in override_list(user=world.regulator)


def test_r3_expert_without_the_specialty_is_refused_without_a_reason(world, screened):
    carpets = make_expert(world, "carpets", specialties=[Cluster.CARPETS])
    with pytest.raises(ValidationError) as exc:
        assignment_create(enrolment=screened, expert=carpets, override_reason="短", acting_user=world.cb_manager)
    assert "R3" in _messages(exc)
    assert "R2" not in _messages(exc) and "R4" not in _messages(exc)


def test_r3_expert_without_the_specialty_is_allowed_with_a_reason_and_recorded(world, screened):
    carpets = make_expert(world, "carpets", specialties=[Cluster.CARPETS])
    assignment = assignment_create(
        enrolment=screened, expert=carpets, override_reason="企业兼营地毯五金配件", acting_user=world.cb_manager
    )
    assert assignment.overridden_rules == ["R3"]


def test_r4_expert_from_another_district_is_refused_without_a_reason(world, screened):
    elsewhere = make_expert(world, "heping", district=world.other_district_unit)
    with pytest.raises(ValidationError) as exc:
        assignment_create(enrolment=screened, expert=elsewhere, acting_user=world.cb_manager)
    message = _messages(exc)
    assert "R4" in message and world.other_district_unit.name in message


def test_r4_expert_from_another_district_is_allowed_with_a_reason_and_recorded(world, screened):
    elsewhere = make_expert(world, "heping", district=world.other_district_unit)
    assignment = assignment_create(
        enrolment=screened, expert=elsewhere, override_reason="滨海新区暂无空闲专家", acting_user=world.cb_manager
    )
    assert assignment.overridden_rules == ["R4"]
    assert override_list(user=world.regulator).filter(pk=assignment.pk).exists()


def test_several_broken_rules_are_all_named_and_all_recorded(world, screened):
    wrong = make_expert(world, "wrong", specialties=[Cluster.CARPETS], district=world.other_district_unit)
    with pytest.raises(ValidationError) as exc:
        assignment_create(enrolment=screened, expert=wrong, acting_user=world.cb_manager)
    assert "R3" in _messages(exc) and "R4" in _messages(exc)
    assignment = assignment_create(
        enrolment=screened, expert=wrong, override_reason="临时支援,下月更换", acting_user=world.cb_manager
    )
    assert assignment.overridden_rules == ["R3", "R4"]


def test_reassignment_needs_a_reason_and_ends_the_previous_assignment(world):
    replacement = make_expert(world, "replacement")
    with pytest.raises(ValidationError) as exc:
        assignment_create(enrolment=world.enrolment, expert=replacement, acting_user=world.cb_manager)
    assert "reassign_reason" in exc.value.message_dict
    new = assignment_create(
        enrolment=world.enrolment, expert=replacement, reassign_reason="原专家调岗", acting_user=world.cb_manager
    )
    world.assignment.refresh_from_db()
    assert world.assignment.ended_at is not None and world.assignment.ended_reason == "原专家调岗"
    assert new.ended_at is None
    world.enrolment.refresh_from_db()
    assert world.enrolment.state == EnrolmentState.ASSIGNED


def test_assigning_twice_does_not_create_two_assignments(world, screened):
    fitting = make_expert(world, "fit")
    assignment_create(enrolment=screened, expert=fitting, acting_user=world.cb_manager)
    with pytest.raises(ValidationError) as exc:
        assignment_create(enrolment=screened, expert=fitting, acting_user=world.cb_manager)
    assert "expert" in exc.value.message_dict
    assert Assignment.objects.filter(enrolment=screened).count() == 1


def test_only_the_bodys_manager_assigns_and_only_its_own_experts(world, foreign, screened):
    with pytest.raises(PermissionDenied):
        assignment_create(enrolment=screened, expert=world.expert_profile, acting_user=world.regulator)
    with pytest.raises(PermissionDenied):
        assignment_create(enrolment=screened, expert=foreign.expert_profile, acting_user=world.cb_manager)
    with pytest.raises(PermissionDenied):
        assignment_create(enrolment=screened, expert=world.expert_profile, acting_user=foreign.cb_manager)


def test_an_enrolment_outside_the_groups_districts_cannot_be_assigned(world):
    uncovered = make_screened(world, "外区五金厂", district=world.other_district_unit)
    with pytest.raises(PermissionDenied):
        assignment_create(enrolment=uncovered, expert=world.expert_profile, acting_user=world.cb_manager)


def test_a_live_enrolment_keeps_its_expert_and_an_ended_one_lets_it_go(world):
    with pytest.raises(ValidationError):
        assignment_end(assignment=world.assignment, reason="企业退出", acting_user=world.cb_manager)
    enrolment_withdraw(enrolment=world.enrolment, reason="企业停产", acting_user=world.district)
    ended = assignment_end(assignment=world.assignment, reason="企业已退出", acting_user=world.cb_manager)
    assert ended.ended_at is not None
    with pytest.raises(ValidationError):
        assignment_end(assignment=world.assignment, reason="企业已退出", acting_user=world.cb_manager)


def test_suggestions_rank_specialty_then_district_then_load_and_say_why(world, screened):
    carpets_here = make_expert(world, "carpets", specialties=[Cluster.CARPETS])
    hardware_elsewhere = make_expert(world, "heping", district=world.other_district_unit)
    fresh_fit = make_expert(world, "fresh")
    fits = expert_suggestions(enrolment=screened, user=world.cb_manager)
    order = [fit.expert for fit in fits]
    # world.expert fits too but has one enterprise already; the fresh one comes first.
    assert order[:2] == [fresh_fit, world.expert_profile]
    assert order.index(hardware_elsewhere) < order.index(carpets_here)
    by_expert = {fit.expert: fit for fit in fits}
    assert by_expert[fresh_fit].fits and by_expert[fresh_fit].load == 0
    assert [b.rule for b in by_expert[carpets_here].breaches] == ["R3"]
    assert [b.rule for b in by_expert[hardware_elsewhere].breaches] == ["R4"]
    assert all(fit.expert.body_id == world.body.pk for fit in fits)


def test_assignment_page_suggests_experts_and_explains_why(world, screened, as_user):
    make_expert(world, "carpets", specialties=[Cluster.CARPETS])
    response = as_user(world.cb_manager).get(f"/assistance/enrolments/{screened.pk}/assign/")
    content = response.content.decode()
    assert response.status_code == 200
    fits = response.context["suggestions"]
    assert fits[0].fits
    assert "carpets专家" in content


def test_assign_form_without_reason_names_the_broken_rule_and_keeps_the_choice(world, screened, as_user):
    elsewhere = make_expert(world, "heping", district=world.other_district_unit)
    client = as_user(world.cb_manager)
    url = f"/assistance/enrolments/{screened.pk}/assign/"
    response = client.post(url, {"expert": elsewhere.pk, "override_reason": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors["override_reason"]
    assert any("R4" in e for e in errors)
    assert f'value="{elsewhere.pk}" selected' in response.content.decode()
    response = client.post(url, {"expert": elsewhere.pk, "override_reason": "本区专家均已满负荷"})
    assert response.status_code == 302
    screened.refresh_from_db()
    assert screened.state == EnrolmentState.ASSIGNED
    overrides = as_user(world.regulator).get("/assistance/overrides/").content.decode()
    assert "本区专家均已满负荷" in overrides


def test_assignment_list_offers_the_screened_enterprises_the_groups_cover(world, screened, as_user):
    response = as_user(world.cb_manager).get("/assistance/assignments/")
    assert screened in list(response.context["to_assign"])
    uncovered = make_screened(world, "外区企业", district=world.bureau_unit)
    response = as_user(world.cb_manager).get("/assistance/assignments/")
    assert uncovered not in list(response.context["to_assign"])


def test_r4_api_assignment_without_reason_is_a_400_naming_the_rule_and_with_one_is_recorded(world, screened, api):
    elsewhere = make_expert(world, "heping", district=world.other_district_unit)
    client = api(world.cb_manager)
    body = {"enrolment": screened.pk, "expert": elsewhere.pk}
    refused = client.post("/api/v1/assignments/", body, format="json")
    assert refused.status_code == 400
    assert any("R4" in m for m in refused.json()["override_reason"])
    created = client.post("/api/v1/assignments/", {**body, "override_reason": "本区专家均已满负荷"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["overridden_rules"] == ["R4"]
    screened.refresh_from_db()
    assert screened.state == EnrolmentState.ASSIGNED
    overridden = api(world.regulator).get("/api/v1/assignments/", {"overridden": "true"}).json()["results"]
    assert [row["id"] for row in overridden] == [created.json()["id"]]


def test_suggestions_endpoint_ranks_and_explains(world, screened, api):
    carpets = make_expert(world, "carpets", specialties=[Cluster.CARPETS])
    rows = api(world.cb_manager).get(f"/api/v1/enrolments/{screened.pk}/expert-suggestions/").json()
    assert rows[0]["rules_broken"] == []
    carpet_row = next(row for row in rows if row["expert"] == carpets.pk)
    assert carpet_row["rules_broken"] == ["R3"] and carpet_row["reasons"]


def test_api_end_assignment_of_a_live_enrolment_is_refused(world, api):
    response = api(world.cb_manager).post(
        f"/api/v1/assignments/{world.assignment.pk}/end/", {"reason": "企业退出"}, format="json"
    )
    assert response.status_code == 400
    assert Assignment.objects.get(pk=world.assignment.pk).ended_at is None


def test_a_foreign_enrolment_in_the_assignment_body_is_answered_like_a_missing_one(world, foreign, api):
    foreign_screened = make_screened(foreign, "外地企业")
    client = api(world.cb_manager)
    foreign_answer = client.post(
        "/api/v1/assignments/", {"enrolment": foreign_screened.pk, "expert": world.expert_profile.pk}, format="json"
    )
    assert foreign_answer.status_code == 400
    assert "enrolment" in foreign_answer.json()
    assert not Assignment.objects.filter(enrolment=foreign_screened).exists()


# --- Assigning after the assistance phase (issue 9): a warning, and a reason kept with the assignment ---------------


@pytest.fixture
def after_assistance():
    with time_machine.travel(datetime(2023, 11, 10, 10, tzinfo=SHANGHAI), tick=False):
        yield


def test_assigning_after_the_assistance_phase_needs_a_reason_and_keeps_it(world, screened, after_assistance):
    fitting = make_expert(world, "late")
    with pytest.raises(ValidationError) as exc:
        assignment_create(enrolment=screened, expert=fitting, acting_user=world.cb_manager)
    assert "three months" in " ".join(exc.value.message_dict["late_reason"])
    assert not Assignment.objects.filter(enrolment=screened).exists()
    screened.refresh_from_db()
    assert screened.state == EnrolmentState.SCREENED
    assignment = assignment_create(
        enrolment=screened, expert=fitting, late_reason="企业11月才完成整改", acting_user=world.cb_manager
    )
    assert Assignment.objects.get(pk=assignment.pk).late_reason == "企业11月才完成整改"


def test_assigning_in_the_assistance_phase_asks_no_late_reason(world, screened):
    assignment = assignment_create(
        enrolment=screened, expert=make_expert(world, "on-time"), acting_user=world.cb_manager
    )
    assert assignment.late_reason == ""


def test_the_assign_page_after_the_assistance_phase_warns_and_asks_why(world, screened, as_user, after_assistance):
    client = as_user(world.cb_manager)
    url = f"/assistance/enrolments/{screened.pk}/assign/"
    page = client.get(url)
    assert page.status_code == 200 and 'id="late-warning"' in page.content.decode()
    fitting = make_expert(world, "late-form")
    refused = client.post(url, {"expert": fitting.pk})
    assert refused.status_code == 200 and refused.context["form"].errors["late_reason"]
    assert not Assignment.objects.filter(enrolment=screened).exists()
    saved = client.post(url, {"expert": fitting.pk, "late_reason": "企业11月才完成整改"})
    assert saved.status_code == 302
    assert Assignment.objects.get(enrolment=screened).late_reason == "企业11月才完成整改"


def test_the_api_after_the_assistance_phase_is_a_400_until_a_reason_is_given(world, screened, api, after_assistance):
    fitting = make_expert(world, "late-api")
    client = api(world.cb_manager)
    body = {"enrolment": screened.pk, "expert": fitting.pk}
    refused = client.post("/api/v1/assignments/", body, format="json")
    assert refused.status_code == 400 and "late_reason" in refused.json()
    created = client.post("/api/v1/assignments/", {**body, "late_reason": "企业11月才完成整改"}, format="json")
    assert created.status_code == 201 and created.json()["late_reason"] == "企业11月才完成整改"
