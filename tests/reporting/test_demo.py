"""The demo's reports (reporting/demo.py): finished Excel workbooks, rendered for real, for each demo campaign;
seeding again makes no more."""

from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from portal.jobs import JobStatus
from reporting.models import ReportJob


@pytest.mark.django_db
def test_the_demo_has_finished_reports_of_every_excel_kind(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())
    jobs = list(ReportJob.objects.select_related("campaign"))
    assert jobs and all(job.status == JobStatus.DONE for job in jobs), [job.errors for job in jobs]
    assert {job.kind for job in jobs} == {"district_summary", "body_rollup", "assisted_list"}
    for job in jobs:
        with job.file.open("rb") as handle:
            sheet = load_workbook(handle, read_only=True).active
            assert len(list(sheet.iter_rows(values_only=True))) >= 3, job
    assisted = next(job for job in jobs if job.kind == "assisted_list")
    assert assisted.snapshot["rows"] > 0
    count = len(jobs)
    call_command("seed_demo", stdout=StringIO())
    assert ReportJob.objects.count() == count
