"""Outcome figures (R10), the implementation summary and complaints (五(二)2), at the service level."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from enterprises.models import Complaint, ComplaintState, OutcomeFigures
from enterprises.selectors.outcomes import METRICS, change_text
from enterprises.services.complaints import complaint_close, complaint_file, complaint_forward, complaint_respond
from enterprises.services.outcomes import outcome_save
from enterprises.services.summaries import summary_upload
from tests.enterprises.outputs.conftest import pdf

FULL = {
    "revenue_baseline": Decimal("800"),
    "revenue_end": Decimal("920"),
    "profit_margin_baseline": Decimal("8.5"),
    "profit_margin_end": Decimal("11.7"),
    "quality_cost_rate_baseline": Decimal("6"),
    "quality_cost_rate_end": Decimal("4.5"),
    "pass_rate_baseline": Decimal("92"),
    "pass_rate_end": Decimal("98.5"),
    "complaints_baseline": 20,
    "complaints_end": 17,
    "on_time_delivery_baseline": Decimal("85"),
    "on_time_delivery_end": Decimal("96"),
}


def test_r10_enterprise_and_its_assigned_expert_record_the_outcome_figures(domain):
    row = outcome_save(
        enrolment=domain.enrolment, figures=FULL, expected_version=domain.outcome.version, acting_user=domain.expert
    )
    assert row.is_complete and row.version == 2 and row.updated_by == domain.expert
    row = outcome_save(enrolment=domain.enrolment, figures=FULL, expected_version=2, acting_user=domain.enterprise_user)
    assert row.version == 3


@pytest.mark.parametrize("role", ["district", "regulator", "cb_manager", "bureau"])
def test_others_cannot_change_the_outcome_figures(domain, role):
    with pytest.raises(PermissionDenied):
        outcome_save(enrolment=domain.enrolment, figures=FULL, expected_version=1, acting_user=domain.users()[role])


def test_a_percentage_above_100_is_refused_at_its_field(domain):
    with pytest.raises(ValidationError) as error:
        outcome_save(
            enrolment=domain.enrolment,
            figures=FULL | {"pass_rate_end": Decimal("100.5")},
            expected_version=1,
            acting_user=domain.enterprise_user,
        )
    assert list(error.value.message_dict) == ["pass_rate_end"]


def test_the_second_of_two_people_editing_the_figures_is_told(domain):
    outcome_save(enrolment=domain.enrolment, figures=FULL, expected_version=1, acting_user=domain.expert)
    with pytest.raises(ValidationError) as error:
        outcome_save(enrolment=domain.enrolment, figures=FULL, expected_version=1, acting_user=domain.enterprise_user)
    assert error.value.code == "stale"


def test_the_first_save_creates_the_figures_and_a_second_first_save_is_stale(domain):
    OutcomeFigures.objects.all().delete()
    outcome_save(enrolment=domain.enrolment, figures=FULL, expected_version=0, acting_user=domain.enterprise_user)
    with pytest.raises(ValidationError):
        outcome_save(enrolment=domain.enrolment, figures=FULL, expected_version=0, acting_user=domain.expert)


@translation.override("en")
def test_the_change_is_in_percentage_points_for_rates_and_relative_for_amounts():
    by_key = {m.key: m for m in METRICS}
    assert change_text(by_key["profit_margin"], Decimal("8.5"), Decimal("11.7")) == "+3.2 percentage points"
    assert change_text(by_key["complaints"], 20, 17) == "\u221215%"
    assert change_text(by_key["revenue"], Decimal("800"), Decimal("920")) == "+15%"
    assert change_text(by_key["complaints"], 0, 3) == "+3"
    assert change_text(by_key["pass_rate"], None, Decimal("90")) == ""


def test_a_new_summary_replaces_the_old_one_and_the_history_keeps_both(domain):
    first = domain.summary
    row = summary_upload(
        enrolment=domain.enrolment, upload=pdf("新版总结.pdf"), name="新版总结.pdf", acting_user=domain.enterprise_user
    )
    assert row.pk == first.pk and row.original_name == "新版总结.pdf" and row.version == 2
    names = list(row.history.order_by("history_date").values_list("original_name", flat=True))
    assert names[-1] == "新版总结.pdf" and len(names) == 2


def test_only_the_enterprise_uploads_its_summary(domain):
    with pytest.raises(PermissionDenied):
        summary_upload(enrolment=domain.enrolment, upload=pdf(), name="x.pdf", acting_user=domain.expert)


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
        complaint_close(complaint=complaint, note="", acting_user=domain.regulator)
    closed = complaint_close(complaint=complaint, note="已核实,机构已整改", acting_user=domain.regulator)
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
