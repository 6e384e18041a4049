"""The reports page in a browser, on the demo (issue 11): the district liaison opens 报告 from the menu, finds the
demo's finished 数据汇总 of its district, asks for it again, watches the queued job's bar, and once a worker has
made it (here: the service, run by the test) the polling bar turns into a download link by itself."""

import pytest

from reporting.models import ReportJob
from reporting.services import report_run
from tests.e2e.conftest import SCREENSHOTS, menu_click
from tests.e2e.test_home_pages_in_browser import _log_in

pytestmark = pytest.mark.e2e


def test_district_asks_for_its_data_rollup_and_the_bar_turns_into_a_download(demo, live_server, page_factory):
    page = page_factory(viewport={"width": 1366, "height": 900})
    _log_in(page, live_server, "district-binhai")
    menu_click(page, "报告")
    page.wait_for_url(f"{live_server.url}/reporting/")
    assert page.locator("table tbody tr").count() >= 1  # the demo's own finished roll-up
    page.select_option("select[name=kind]", "district_summary")
    page.get_by_role("button", name="生成报告").click()
    page.wait_for_url(f"{live_server.url}/reporting/*/")
    job = ReportJob.objects.order_by("-pk").first()
    assert job.status == "queued"
    assert page.locator(f"#report-progress-{job.pk} progress").count() == 1
    report_run(job_id=job.pk)
    page.locator(f"#report-progress-{job.pk} a:text-is('下载')").wait_for(timeout=15000)
    with page.expect_download() as download:
        page.click(f"#report-progress-{job.pk} a:text-is('下载')")
    assert download.value.suggested_filename == f"数据汇总-滨海新区-{job.campaign.year}.xlsx"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "district-report.png"), full_page=True)
