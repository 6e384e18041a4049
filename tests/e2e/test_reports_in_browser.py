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


def test_the_form_offers_only_the_scopes_the_chosen_report_is_made_for(demo, live_server, page_factory):
    page = page_factory(viewport={"width": 1366, "height": 900})
    _log_in(page, live_server, "regulator")
    page.goto(f"{live_server.url}/reporting/")

    def offered() -> set[str]:
        values = page.eval_on_selector_all("select[name=target] option:not([disabled])", "os => os.map(o => o.value)")
        return {value.split(":")[0] for value in values}

    page.select_option("select[name=kind]", "supervision")
    assert offered() == {"round"}
    assert page.eval_on_selector("select[name=target]", "s => s.value").startswith("round:")
    page.select_option("select[name=kind]", "final")
    assert offered() == {"city", "district"}
    page.select_option("select[name=kind]", "assisted_list")
    assert offered() == {"city", "body"}
    # What the page sends is checked again on the server: a body's final report is refused with a message.
    page.select_option("select[name=kind]", "final")
    page.eval_on_selector(
        "select[name=target]",
        "s => { const o = [...s.options].find(o => o.value.startsWith('body:')); o.disabled = false; s.value = o.value; }",
    )
    page.get_by_role("button", name="生成报告").click()
    page.wait_for_load_state()
    assert "所选对象不能生成该报告" in page.locator("form:has(select[name=kind])").inner_text()
    assert page.eval_on_selector("select[name=kind]", "s => s.value") == "final"  # the choice is kept
