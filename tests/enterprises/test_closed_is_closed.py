"""Closed is closed: once an enrolment has ended (closed, withdrawn, rejected) its outputs and work records are
read-only, and its outcome figures are final from "results" on — through the services, the pages and the API. Only
the regulator corrects the figures, with a reason kept in their history (enterprises.policy.enrolment_write_refusal).
"""

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assistance.models import Plan, Problem, Visit
from assistance.services.diagnosis import problem_move
from assistance.services.plans import plan_update
from assistance.services.visits import visit_log
from enterprises.models import Case, CaseState, Enrolment, EnrolmentState, ImplementationSummary, OutcomeFigures
from enterprises.policy import EnrolmentRecord, enrolment_write_refusal
from enterprises.services.cases import case_create, case_submit, case_update
from enterprises.services.outcomes import outcome_correct, outcome_save
from enterprises.services.summaries import summary_upload
from tests.enterprises.helpers import pdf

ENDED = [EnrolmentState.CLOSED, EnrolmentState.WITHDRAWN, EnrolmentState.REJECTED]


def _set_state(enrolment, state):
    Enrolment.objects.filter(pk=enrolment.pk).update(state=state)
    enrolment.refresh_from_db()
    return enrolment


def _revenue(enrolment):
    return OutcomeFigures.objects.get(enrolment=enrolment).revenue_end


@pytest.mark.parametrize("state", ENDED)
def test_an_ended_enrolment_refuses_every_kind_of_write(domain, state):
    enrolment = _set_state(domain.enrolment, state)
    for what in EnrolmentRecord:
        assert enrolment_write_refusal(enrolment, what)


def test_from_results_on_only_the_figures_are_final(domain):
    enrolment = _set_state(domain.enrolment, EnrolmentState.RESULTS)
    assert enrolment_write_refusal(enrolment, EnrolmentRecord.FIGURES)
    assert enrolment_write_refusal(enrolment, EnrolmentRecord.OUTPUTS) is None
    assert enrolment_write_refusal(enrolment, EnrolmentRecord.WORK) is None


@pytest.mark.parametrize("state", [EnrolmentState.CLOSED, EnrolmentState.RESULTS])
def test_outcome_figures_of_a_closed_or_delivered_enrolment_are_not_stored(domain, state):
    enrolment = _set_state(domain.enrolment, state)
    with pytest.raises(ValidationError) as error:
        outcome_save(
            enrolment=enrolment,
            figures={"revenue_end": Decimal("99999")},
            expected_version=domain.outcome.version,
            acting_user=domain.enterprise_user,
        )
    assert error.value.code == "enrolment_ended"
    assert _revenue(enrolment) is None


def test_the_api_refuses_the_figures_of_a_closed_enrolment_in_chinese_and_stores_nothing(domain, api):
    enrolment = _set_state(domain.enrolment, EnrolmentState.CLOSED)
    for user in (domain.enterprise_user, domain.expert):
        response = api(user).patch(
            f"/api/v1/outcomes/{enrolment.pk}/", {"version": 1, "revenue_end": "99999"}, format="json"
        )
        assert response.status_code == 400
        assert "只读" in str(response.json())
    assert _revenue(enrolment) is None


def test_the_summary_of_a_withdrawn_enrolment_is_not_replaced(domain):
    enrolment = _set_state(domain.enrolment, EnrolmentState.WITHDRAWN)
    with pytest.raises(ValidationError):
        summary_upload(
            enrolment=enrolment, upload=pdf("新总结.pdf"), name="新总结.pdf", acting_user=domain.enterprise_user
        )
    assert ImplementationSummary.objects.get(enrolment=enrolment).original_name == domain.summary.original_name


def test_a_draft_case_of_a_closed_enrolment_is_neither_edited_nor_submitted_and_no_case_is_added(domain):
    enrolment = _set_state(domain.enrolment, EnrolmentState.CLOSED)
    draft = domain.draft_case
    with pytest.raises(ValidationError):
        case_update(
            case=draft, title="改写", body="改写", expected_version=draft.version, acting_user=domain.enterprise_user
        )
    with pytest.raises(ValidationError):
        case_submit(case=draft, acting_user=domain.enterprise_user)
    Case.objects.filter(pk=domain.case.pk).delete()  # room under the two-case limit: the refusal is the enrolment's
    with pytest.raises(ValidationError):
        case_create(enrolment=enrolment, title="新案例", body="……", acting_user=domain.enterprise_user)
    draft.refresh_from_db()
    assert (draft.title, draft.state) == (domain.draft_case.title, CaseState.DRAFT)
    assert list(Case.objects.filter(enrolment=enrolment)) == [draft]


def test_work_records_of_a_closed_enrolment_are_not_stored(domain, in_june_2023):
    enrolment = _set_state(domain.enrolment, EnrolmentState.CLOSED)
    visits = Visit.objects.count()
    with pytest.raises(ValidationError):
        visit_log(
            enrolment=enrolment,
            kind="survey",
            visited_on=date(2023, 6, 10),
            starts_at=time(9),
            ends_at=time(11),
            acting_user=domain.expert,
        )
    assert Visit.objects.count() == visits
    plan = Plan.objects.get(pk=domain.plan.pk)
    with pytest.raises(ValidationError):
        plan_update(plan=plan, key_issues="改写", approach="改写", expected_version=None, acting_user=domain.expert)
    assert Plan.objects.get(pk=plan.pk).key_issues == plan.key_issues
    problem = Problem.objects.get(pk=domain.problem.pk)
    with pytest.raises(ValidationError):
        problem_move(problem=problem, to="in_progress", expected_version=None, acting_user=domain.expert)
    assert Problem.objects.get(pk=problem.pk).status == problem.status


def test_the_regulator_corrects_final_figures_and_the_history_keeps_the_reason(domain):
    enrolment = _set_state(domain.enrolment, EnrolmentState.CLOSED)
    row = outcome_correct(
        enrolment=enrolment,
        figures={"revenue_baseline": Decimal("800"), "revenue_end": Decimal("910")},
        reason="企业来函更正年末营业收入",
        expected_version=domain.outcome.version,
        acting_user=domain.regulator,
    )
    assert _revenue(enrolment) == Decimal("910.00")
    latest = row.history.first()
    assert (latest.history_user, latest.history_change_reason) == (domain.regulator, "企业来函更正年末营业收入")


def test_a_correction_without_a_reason_is_not_stored(domain):
    enrolment = _set_state(domain.enrolment, EnrolmentState.CLOSED)
    with pytest.raises(ValidationError) as error:
        outcome_correct(
            enrolment=enrolment,
            figures={"revenue_end": Decimal("910")},
            reason=" ",
            expected_version=domain.outcome.version,
            acting_user=domain.regulator,
        )
    assert "reason" in error.value.message_dict
    assert _revenue(enrolment) is None


@pytest.mark.parametrize("role", ["enterprise_user", "expert", "district"])
def test_only_the_regulator_corrects_the_figures(domain, role):
    with pytest.raises(PermissionDenied):
        outcome_correct(
            enrolment=domain.enrolment,
            figures={"revenue_end": Decimal("910")},
            reason="企业来函更正年末营业收入",
            expected_version=domain.outcome.version,
            acting_user=getattr(domain, role),
        )
    assert _revenue(domain.enrolment) is None


def test_the_pages_of_a_closed_enrolment_show_no_edit_buttons(domain, as_user):
    enrolment = _set_state(domain.enrolment, EnrolmentState.CLOSED)
    progress = as_user(domain.enterprise_user).get(f"/enterprises/enrolments/{enrolment.pk}/progress/")
    html = progress.content.decode()
    assert f'btn-outline-primary" href="/enterprises/enrolments/{enrolment.pk}/outcome/"' not in html
    assert f'class="small" href="/enterprises/enrolments/{enrolment.pk}/summary/"' not in html
    assert "只读" in html
    outcome = as_user(domain.enterprise_user).get(f"/enterprises/enrolments/{enrolment.pk}/outcome/")
    assert outcome.status_code == 200 and "<form" not in outcome.content.decode().split("</nav>")[-1]
    case = as_user(domain.enterprise_user).get(f"/enterprises/cases/{domain.draft_case.pk}/")
    assert f"/enterprises/cases/{domain.draft_case.pk}/edit/" not in case.content.decode()
    work = as_user(domain.expert).get(f"/assistance/work/enrolments/{enrolment.pk}/")
    assert f"/assistance/work/enrolments/{enrolment.pk}/plan/" not in work.content.decode()


def test_the_regulator_corrects_the_figures_through_its_page(domain, as_user):
    enrolment = _set_state(domain.enrolment, EnrolmentState.CLOSED)
    client = as_user(domain.regulator)
    progress = client.get(f"/enterprises/enrolments/{enrolment.pk}/progress/").content.decode()
    assert f"/enterprises/enrolments/{enrolment.pk}/outcome/correct/" in progress
    data = {"version": domain.outcome.version, "revenue_baseline": "800", "revenue_end": "910", "reason": ""}
    refused = client.post(f"/enterprises/enrolments/{enrolment.pk}/outcome/correct/", data)
    assert refused.status_code == 200 and refused.context["form"].errors
    assert _revenue(enrolment) is None
    saved = client.post(
        f"/enterprises/enrolments/{enrolment.pk}/outcome/correct/", data | {"reason": "企业来函更正年末营业收入"}
    )
    assert saved.status_code == 302
    assert _revenue(enrolment) == Decimal("910.00")
