"""Operating the system (R7, 附件二(三)2) and the enrolment preconditions assistance.policy registers."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from assistance.models import (
    InternalAudit,
    ManagementReview,
)
from assistance.services.documents import system_document_add
from assistance.services.operation import internal_audit_record, management_review_record, operation_start_record
from enterprises.models import Certificate, Enrolment
from enterprises.services.enrolments import enrolment_advance, unmet_preconditions
from tests.assistance.conftest import new_enrolment, pdf
from tests.domain import SHANGHAI

pytestmark = pytest.mark.usefixtures("frozen_today")  # "today" is in the 2023 assistance phase


def _operating(cast, *, started_on=date(2023, 5, 10)):
    enrolment = new_enrolment(cast, state="operating")
    Enrolment.objects.filter(pk=enrolment.pk).update(operation_started_on=started_on)
    return Enrolment.objects.select_related("enterprise", "campaign").get(pk=enrolment.pk)


def _audit(enrolment, user, *, mode="conducted", day=8, **overrides):
    data = {
        "enrolment": enrolment,
        "mode": mode,
        "auditor_training_done": True,
        "starts_at": datetime(2023, 8, day, 9, tzinfo=SHANGHAI),
        "ends_at": datetime(2023, 8, day, 17, tzinfo=SHANGHAI),
        "plan_file": pdf("内审计划.pdf"),
        "report_file": pdf("内审报告.pdf"),
        "acting_user": user,
    }
    return internal_audit_record(**{**data, **overrides})


def _review(enrolment, user, *, mode="conducted", day=10):
    return management_review_record(
        enrolment=enrolment,
        mode=mode,
        held_at=datetime(2023, 8, day, 14, tzinfo=SHANGHAI),
        plan_file=pdf("管评计划.pdf"),
        report_file=pdf("管评报告.pdf"),
        acting_user=user,
    )


def test_r7_reviewed_needs_three_months_of_operation(cast):
    enrolment = _operating(cast, started_on=date(2023, 5, 16))  # 3 months end on 16 August; today is 15 August
    _audit(enrolment, cast.expert)
    _review(enrolment, cast.expert)
    with pytest.raises(ValidationError) as error:
        enrolment_advance(enrolment=enrolment, to="reviewed", acting_user=cast.expert)
    assert "3" in error.value.messages[0] and "16" in error.value.messages[0]
    assert len(error.value.messages) == 1  # only the three months are missing


def test_r7_reviewed_needs_the_internal_audit(cast):
    enrolment = _operating(cast)
    _review(enrolment, cast.expert)
    missing = unmet_preconditions(enrolment, "reviewed")
    assert len(missing) == 1 and "internal audit" in missing[0]


def test_r7_reviewed_needs_the_management_review(cast):
    enrolment = _operating(cast)
    _audit(enrolment, cast.expert)
    missing = unmet_preconditions(enrolment, "reviewed")
    assert len(missing) == 1 and "management review" in missing[0]


def test_r7_reviewed_names_everything_that_is_missing(cast):
    enrolment = new_enrolment(cast, state="operating")
    missing = unmet_preconditions(enrolment, "reviewed")
    assert len(missing) == 3


def test_r7_three_months_of_operation_with_both_records_reaches_reviewed(cast):
    enrolment = _operating(cast, started_on=date(2023, 5, 15))  # exactly three months today
    _audit(enrolment, cast.expert)
    _review(enrolment, cast.expert)
    moved = enrolment_advance(enrolment=enrolment, to="reviewed", acting_user=cast.expert)
    assert moved.state == "reviewed"


def test_r7_verified_mode_only_for_an_already_certified_enterprise(cast):
    enrolment = _operating(cast)
    with pytest.raises(ValidationError) as error:
        _audit(enrolment, cast.expert, mode="verified")
    assert "mode" in error.value.message_dict
    Certificate.objects.create(
        enterprise=enrolment.enterprise,
        issuing_body="某认证中心",
        number="QMS-1",
        issued_on=date(2021, 1, 1),
        expires_on=date(2024, 1, 1),
    )
    # Already done this year (before this campaign's operation even started): the expert verifies it instead.
    verified = _audit(
        enrolment,
        cast.expert,
        mode="verified",
        auditor_training_done=False,
        starts_at=datetime(2023, 3, 1, 9, tzinfo=SHANGHAI),
        ends_at=datetime(2023, 3, 1, 17, tzinfo=SHANGHAI),
    )
    assert verified.mode == "verified"
    with pytest.raises(ValidationError):
        _audit(
            enrolment,
            cast.expert,
            mode="verified",
            starts_at=datetime(2022, 3, 1, 9, tzinfo=SHANGHAI),
            ends_at=datetime(2022, 3, 1, 17, tzinfo=SHANGHAI),
        )


def test_r7_a_conducted_internal_audit_needs_trained_auditors_and_a_start_before_its_end(cast):
    enrolment = _operating(cast)
    with pytest.raises(ValidationError) as error:
        _audit(enrolment, cast.expert, auditor_training_done=False)
    assert "auditor_training_done" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _audit(
            enrolment,
            cast.expert,
            starts_at=datetime(2023, 8, 8, 17, tzinfo=SHANGHAI),
            ends_at=datetime(2023, 8, 8, 9, tzinfo=SHANGHAI),
        )
    assert "ends_at" in error.value.message_dict
    assert not InternalAudit.objects.filter(enrolment=enrolment).exists()


def test_r7_a_conducted_record_cannot_predate_the_operation_start(cast):
    enrolment = _operating(cast, started_on=date(2023, 8, 5))
    with pytest.raises(ValidationError) as error:
        _review(enrolment, cast.expert, day=1)
    assert "held_at" in error.value.message_dict
    assert _review(enrolment, cast.expert, day=10).mode == "conducted"


def test_r7_a_double_submitted_management_review_is_recorded_once(cast):
    enrolment = _operating(cast)
    _review(enrolment, cast.expert)
    with pytest.raises(ValidationError, match="already"):
        _review(enrolment, cast.expert)
    assert ManagementReview.objects.filter(enrolment=enrolment).count() == 1


def test_diagnosed_needs_a_diagnosis_and_building_needs_a_plan(cast, fresh):
    assert unmet_preconditions(fresh, "diagnosed") == ["Record the on-site diagnosis first."]
    diagnosed = new_enrolment(cast, state="diagnosed")
    assert unmet_preconditions(diagnosed, "building") == ["Write the enterprise's plan (一企一策) first."]


def test_operating_needs_the_operation_start_and_the_quality_manual(cast):
    enrolment = new_enrolment(cast, state="building")
    assert len(unmet_preconditions(enrolment, "operating")) == 2
    system_document_add(
        enrolment=enrolment,
        level="procedure",
        title="采购控制程序",
        revision="A/0",
        upload=pdf(),
        acting_user=cast.expert,
    )
    assert len(unmet_preconditions(enrolment, "operating")) == 2  # a procedure is not the manual
    system_document_add(
        enrolment=enrolment, level="manual", title="质量手册", revision="A/0", upload=pdf(), acting_user=cast.expert
    )
    operation_start_record(
        enrolment=enrolment, started_on=date(2023, 8, 1), expected_version=1, acting_user=cast.expert
    )
    enrolment.refresh_from_db()
    assert unmet_preconditions(enrolment, "operating") == []
    assert enrolment_advance(enrolment=enrolment, to="operating", acting_user=cast.expert).state == "operating"


def test_the_operation_start_cannot_be_in_the_future_or_before_the_assistance_phase(cast, fresh):
    for day in (date(2023, 8, 16), date(2023, 4, 1)):
        with pytest.raises(ValidationError) as error:
            operation_start_record(enrolment=fresh, started_on=day, expected_version=1, acting_user=cast.expert)
        assert "operation_started_on" in error.value.message_dict
