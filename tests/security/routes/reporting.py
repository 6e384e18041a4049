"""Isolation-matrix entries of the reports (issue 11): the reports page, a report's page, its progress bar and its
download, and the API. ``populate`` makes, per tenant, a finished report of the district (seen by the regulator and
that district only) with a file; its names carry the tenant's name, so a leak shows."""

from django.core.files.base import ContentFile

from portal.jobs import JobStatus
from reporting.models import ReportJob
from tests.security.matrix import ALL, SIGNED_IN, Entry

# The page is for the roles that have reports; experts and reviewers are refused it.
PAGE = {role: 403 for role in SIGNED_IN} | {
    "regulator": 200,
    "district": 200,
    "bureau": 200,
    "cb_manager": 200,
    "enterprise": 200,
}
DISTRICT_REPORT = {"regulator": 200, "district": 200}


def populate(cast):
    job = ReportJob.objects.create(
        kind="district_summary",
        campaign=cast.campaign,
        district=cast.district_unit,
        scope_key=f"district_summary:{cast.campaign.pk}:district:{cast.district_unit.pk}",
        status=JobStatus.DONE,
        created_by=cast.regulator,
        checksum="0" * 64,
    )
    job.file.save("summary.xlsx", ContentFile(f"{cast.tenant.name}数据汇总".encode()), save=True)
    cast.report_job = job


def report(cast):
    return cast.report_job


def no_args(_obj):
    return []


ENTRIES = {
    "reporting:list": Entry(args=no_args, expect=PAGE, is_list=True),
    "reporting:detail": Entry(obj=report, expect=DISTRICT_REPORT),
    "reporting:progress": Entry(obj=report, expect=DISTRICT_REPORT),
    "reporting:download": Entry(obj=report, expect=DISTRICT_REPORT),
    "api:report-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:report-detail": Entry(kind="api", obj=report, expect=DISTRICT_REPORT),
    "api:report-download": Entry(kind="api", obj=report, expect=DISTRICT_REPORT),
}
