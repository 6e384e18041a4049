"""R1, the eligibility screening (三、参与企业范围; 附件二(二)): the rule, the service, the page."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.models import EnrolmentState, Screening, ScreeningEvidence
from enterprises.services.enrolments import enrolment_advance
from enterprises.services.screening import screening_record
from tests.domain import PDF
from tests.enterprises.helpers import CHECKED, failure_codes, screening_data


def test_r1_an_operating_willing_enterprise_with_resources_and_a_clean_record_is_eligible():
    assert failure_codes() == []


def test_r1_fails_when_not_operating_normally_without_resources_or_unwilling():
    assert failure_codes(normal_operation=False, resources_committed=False, willing=False) == [
        "not_operating",
        "no_resources",
        "not_willing",
    ]


def test_r1_fails_while_on_the_abnormal_operations_list():
    assert failure_codes(on_abnormal_operations_list=True) == ["abnormal_list"]


def test_r1_dishonesty_listing_exactly_two_years_before_the_check_still_fails():
    assert failure_codes(dishonesty_listed_on=date(2021, 5, 20)) == ["dishonest"]


def test_r1_dishonesty_listing_one_day_more_than_two_years_before_passes():
    assert failure_codes(dishonesty_listed_on=date(2021, 5, 19)) == []


def test_r1_quality_penalty_within_two_years_fails_and_an_older_one_passes():
    assert failure_codes(quality_penalty_on=date(2021, 5, 20)) == ["quality_penalty"]
    assert failure_codes(quality_penalty_on=date(2021, 5, 19)) == []


def test_r1_two_year_window_from_29_february_starts_on_28_february():
    data = dict(checked_on=date(2024, 2, 29))
    assert failure_codes(dishonesty_listed_on=date(2022, 2, 28), **data) == ["dishonest"]
    assert failure_codes(dishonesty_listed_on=date(2022, 2, 27), **data) == []


def test_r1_every_failure_is_listed_at_once():
    assert len(failure_codes(willing=False, on_abnormal_operations_list=True, quality_penalty_on=CHECKED)) == 3


def test_screening_records_passed_and_reasons_and_the_evidence(cast, nominated, in_june_2023):

    screening = screening_record(
        enrolment=nominated,
        data=screening_data(on_abnormal_operations_list=True),
        evidence=[SimpleUploadedFile("../../信用报告.pdf", PDF)],
        acting_user=cast.district,
    )
    assert screening.passed is False
    assert len(screening.failure_reasons) == 1
    evidence = ScreeningEvidence.objects.get(screening=screening)
    assert evidence.original_name == "信用报告.pdf"
    assert "/" not in evidence.file.name.split("screening-evidence/")[1].split("/", 2)[-1]


def test_r1_a_rejected_enterprise_cannot_go_on_and_its_reasons_stay_visible(cast, nominated, in_june_2023, as_user):
    screening_record(enrolment=nominated, data=screening_data(willing=False), acting_user=cast.district)
    with pytest.raises(ValidationError):
        enrolment_advance(enrolment=nominated, to=EnrolmentState.SCREENED, acting_user=cast.district)
    with pytest.raises(ValidationError):  # a reason is required
        enrolment_advance(enrolment=nominated, to=EnrolmentState.REJECTED, acting_user=cast.district)
    rejected = enrolment_advance(
        enrolment=nominated, to=EnrolmentState.REJECTED, acting_user=cast.district, reason="意愿不足"
    )
    assert rejected.state == EnrolmentState.REJECTED
    for target in (EnrolmentState.SCREENED, EnrolmentState.ASSIGNED, EnrolmentState.WITHDRAWN):
        with pytest.raises((ValidationError, PermissionDenied)):
            enrolment_advance(enrolment=rejected, to=target, acting_user=cast.regulator, reason="再试")
    with pytest.raises(ValidationError):  # the screening can no longer be changed either
        screening_record(enrolment=rejected, data=screening_data(), expected_version=1, acting_user=cast.district)
    page = as_user(cast.regulator).get(f"/enterprises/{cast.enterprise.pk}/").content.decode()
    assert rejected.screening.failure_reasons[0] in page


def test_a_second_screening_submission_is_told_it_is_stale(cast, nominated, in_june_2023):
    screening_record(enrolment=nominated, data=screening_data(), acting_user=cast.district)
    with pytest.raises(ValidationError) as info:
        screening_record(enrolment=nominated, data=screening_data(willing=False), acting_user=cast.regulator)
    assert info.value.code == "stale"
    updated = screening_record(
        enrolment=nominated, data=screening_data(willing=False), expected_version=1, acting_user=cast.regulator
    )
    assert (updated.version, updated.passed) == (2, False)


def test_screening_dates_after_the_check_or_in_the_future_are_refused_at_the_field(cast, nominated, in_june_2023):
    with pytest.raises(ValidationError) as info:
        screening_record(
            enrolment=nominated,
            data=screening_data(checked_on=date(2023, 7, 1), dishonesty_listed_on=date(2023, 7, 2)),
            acting_user=cast.district,
        )
    assert set(info.value.message_dict) == {"checked_on", "dishonesty_listed_on"}


def test_screening_page_keeps_the_input_and_shows_the_error_at_the_field(cast, nominated, in_june_2023, as_user):
    response = as_user(cast.district).post(
        f"/enterprises/enrolments/{nominated.pk}/screening/",
        {"checked_on": "2023-06-01", "quality_penalty_on": "2023-06-10", "notes": "我写的备注", "willing": "on"},
    )
    assert response.status_code == 200
    assert "quality_penalty_on" in response.context["form"].errors
    assert "我写的备注" in response.content.decode()


def test_screening_page_shows_a_refused_evidence_file_and_dates_out_of_order_at_once(
    cast, nominated, in_june_2023, as_user
):
    response = as_user(cast.district).post(
        f"/enterprises/enrolments/{nominated.pk}/screening/",
        {
            "checked_on": "2023-06-01",
            "quality_penalty_on": "2023-06-10",
            "willing": "on",
            "evidence": [SimpleUploadedFile("信用报告.pdf", b"MZ\x90\x00 not a report")],
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"quality_penalty_on", "evidence"}
    assert not Screening.objects.filter(enrolment=nominated).exists()
