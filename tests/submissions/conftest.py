from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.models import Case, Enrolment
from submissions.models import DistrictSubmission, SubmissionFile
from tests.domain import PDF

SHANGHAI = ZoneInfo("Asia/Shanghai")


def pdf(name="区工作总结.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def recommend_case(cast, enterprise=None, user=None):
    """A case of ``enterprise`` (default: cast.enterprise, in 滨海新区) recommended by its district."""
    enterprise = enterprise or cast.enterprise
    enrolment = Enrolment.objects.filter(enterprise=enterprise, campaign=cast.campaign).first()
    if enrolment is None:
        enrolment = Enrolment.objects.create(
            enterprise=enterprise, campaign=cast.campaign, nominated_by=user or cast.district, state="results"
        )
    return Case.objects.create(
        enrolment=enrolment,
        title=f"{enterprise.name}质量管理实践",
        body="……",
        state="recommended",
        created_by=cast.enterprise_user,
    )


def draft_submission(cast, *, with_file=True, unit=None):
    submission = DistrictSubmission.objects.create(campaign=cast.campaign, member_unit=unit or cast.district_unit)
    if with_file:
        SubmissionFile.objects.create(
            submission=submission, file=pdf(), original_name="区工作总结.pdf", uploaded_by=cast.district
        )
    return submission


@pytest.fixture
def on_time():
    """2023-11-20 10:00 in Tianjin: before the 30 November deadline of the cast's 2023 campaign."""
    with time_machine.travel(datetime(2023, 11, 20, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def five_days_late():
    """2023-12-05 10:00 in Tianjin: five days after the deadline."""
    with time_machine.travel(datetime(2023, 12, 5, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield
