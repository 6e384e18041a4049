"""The reports page, a report's page and its download, and the API (issue 11): each role asks only for its own
scope, asking twice gives the job under way, a finished file downloads under its Chinese name, a foreign id is a 404,
and the list costs a fixed number of queries."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.jobs import JobStatus
from reporting.kinds import ReportScope
from reporting.models import ReportJob
from reporting.services import report_request, report_run
from tests.queries import assert_page_queries


def _form(target, kind="district_summary"):
    return {"kind": kind, "target": target}


@pytest.mark.django_db
def test_regulator_asks_for_a_district_summary_and_asking_again_gives_the_same_job(cast, as_user):
    client = as_user(cast.regulator)
    url = reverse("reporting:list")
    page = client.get(url)
    assert page.status_code == 200 and "申请生成报告" in page.content.decode()
    response = client.post(url, _form(f"district:{cast.district_unit.pk}"))
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reporting:detail", args=[job.pk])
    again = client.post(url, _form(f"district:{cast.district_unit.pk}"), follow=True)
    assert ReportJob.objects.count() == 1
    assert "该报告正在生成" in again.content.decode()
    detail = again.content.decode()
    assert 'hx-trigger="every 2s"' in detail  # the bar polls while the job is queued


@pytest.mark.django_db
def test_a_district_cannot_ask_for_another_districts_report_and_its_choice_is_kept(cast, as_user):
    client = as_user(cast.district)
    page = client.get(reverse("reporting:list")).content.decode()
    assert cast.district_unit.name in page and cast.other_district_unit.name not in page
    forged = client.post(reverse("reporting:list"), _form(f"district:{cast.other_district_unit.pk}"))
    assert forged.status_code == 200 and not ReportJob.objects.exists()
    assert "选择一个有效的选项" in forged.content.decode() or "不能生成" in forged.content.decode()
    # A kind not made for the district's scope: a clear message, the choice kept.
    wrong = client.post(reverse("reporting:list"), _form(f"district:{cast.district_unit.pk}", kind="body_rollup"))
    assert wrong.status_code == 200 and not ReportJob.objects.exists()


@pytest.mark.django_db
def test_a_finished_report_downloads_under_its_chinese_name(cast, as_user):
    job, _ = report_request(
        user=cast.district,
        kind_key="district_summary",
        report_scope=ReportScope(campaign=cast.campaign, district=cast.district_unit),
    )
    report_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.errors
    response = as_user(cast.district).get(reverse("reporting:download", args=[job.pk]))
    assert response.status_code == 200
    name = f"数据汇总-{cast.district_unit.name}-2023.xlsx"
    assert f"filename*=utf-8''{quote(name)}" in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "区" and rows[2][0] == cast.district_unit.name
    assert len(rows) == 3  # the district's own line only


@pytest.mark.django_db
def test_a_report_not_finished_or_not_ones_own_is_a_404(cast, foreign, as_user):
    job, _ = report_request(
        user=cast.regulator,
        kind_key="district_summary",
        report_scope=ReportScope(campaign=cast.campaign, district=cast.other_district_unit),
    )
    assert as_user(cast.regulator).get(reverse("reporting:download", args=[job.pk])).status_code == 404  # queued
    report_run(job_id=job.pk)
    assert as_user(cast.regulator).get(reverse("reporting:download", args=[job.pk])).status_code == 200
    for user in (cast.district, cast.cb_manager, foreign.regulator):
        client = as_user(user)
        assert client.get(reverse("reporting:download", args=[job.pk])).status_code == 404
        assert client.get(reverse("reporting:detail", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_the_progress_bar_asks_for_a_reload_once_the_job_has_ended(cast, as_user):
    job, _ = report_request(
        user=cast.regulator, kind_key="body_rollup", report_scope=ReportScope(campaign=cast.campaign)
    )
    client = as_user(cast.regulator)
    url = reverse("reporting:progress", args=[job.pk])
    assert "HX-Refresh" not in client.get(url, headers={"HX-Request": "true"})
    report_run(job_id=job.pk)
    response = client.get(url, headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true" and "下载" in response.content.decode()


@pytest.mark.django_db
def test_the_reports_page_costs_the_same_queries_for_one_report_or_many(cast, as_user, test_kind):
    client = as_user(cast.regulator)
    report_request(user=cast.regulator, kind_key="test_kind", report_scope=ReportScope(campaign=cast.campaign))
    url = reverse("reporting:list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for unit in (cast.district_unit, cast.other_district_unit):
        report_request(
            user=cast.regulator, kind_key="test_kind", report_scope=ReportScope(campaign=cast.campaign, district=unit)
        )
    report_request(
        user=cast.regulator, kind_key="test_kind", report_scope=ReportScope(campaign=cast.campaign, body=cast.body)
    )
    assert_page_queries(client, url, len(one.captured_queries))


@pytest.mark.django_db
def test_api_ask_list_retrieve_and_download(cast, foreign, api):
    client = api(cast.regulator)
    body = {
        "kind": "district_summary",
        "campaign": cast.campaign.pk,
        "scope": "district",
        "scope_id": cast.district_unit.pk,
    }
    first = client.post("/api/v1/reports/", body, format="json")
    assert first.status_code == 201 and first.data["created"] and first.data["status"] == "queued"
    again = client.post("/api/v1/reports/", body, format="json")
    assert again.status_code == 200 and again.data["id"] == first.data["id"] and not again.data["created"]
    report_run(job_id=first.data["id"])
    detail = client.get(f"/api/v1/reports/{first.data['id']}/")
    assert detail.data["status"] == "done" and detail.data["download_url"].endswith("/download/")
    assert detail.data["scope_name"] == cast.district_unit.name and len(detail.data["checksum"]) == 64
    download = client.get(detail.data["download_url"])
    assert download.status_code == 200 and "filename*=utf-8''" in download["Content-Disposition"]
    listed = client.get("/api/v1/reports/", {"campaign": cast.campaign.pk, "status": "done", "ordering": "-created_at"})
    assert [row["id"] for row in listed.data["results"]] == [first.data["id"]]
    # The district sees it; the foreign regulator gets a 404, and cannot ask about 天津市's district.
    assert api(cast.district).get(f"/api/v1/reports/{first.data['id']}/").status_code == 200
    assert api(foreign.regulator).get(f"/api/v1/reports/{first.data['id']}/").status_code == 404
    assert api(foreign.regulator).post("/api/v1/reports/", body, format="json").status_code == 400  # campaign unseen


@pytest.mark.django_db
def test_api_refuses_what_the_role_may_not_ask_for(cast, api):
    district = api(cast.district)
    city = {"kind": "district_summary", "campaign": cast.campaign.pk, "scope": "city"}
    assert district.post("/api/v1/reports/", city, format="json").status_code == 403
    other = {**city, "scope": "district", "scope_id": cast.other_district_unit.pk}
    assert district.post("/api/v1/reports/", other, format="json").status_code == 404
    unknown = district.post("/api/v1/reports/", {**city, "kind": "nope"}, format="json")
    assert unknown.status_code == 400 and "没有这种报告" in str(unknown.data)
    missing = district.post("/api/v1/reports/", {**city, "scope": "district"}, format="json")
    assert missing.status_code == 400 and "scope_id" in missing.data
    assert api(cast.expert).post("/api/v1/reports/", city, format="json").status_code == 403
    assert not ReportJob.objects.exists()
