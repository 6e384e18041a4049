"""Issue 3's browser test: the demo `enterprise` signs in, sees its checklist, enters its outcome figures, and
writes a practice case with an attachment that then shows in its list.

The seeded enterprise already has its two cases (one draft, one submitted: 附件二(四) allows 1–2), so the page offers
no third; it deletes the draft and writes the new one in its place, as a user would.
"""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from campaign.management.demo_campaigns import minimal_pdf
from enterprises.models import Case, CaseState, Enterprise, OutcomeFigures
from tests.e2e.conftest import SCREENSHOTS, menu_click_url

pytestmark = pytest.mark.e2e
# The demo is cut off at today; these tests walk through it as it stands in the summary phase (四(三)), the day the
# enterprise has its two cases and the expert's enterprises are diagnosed. Earlier in a year, the clocks of the test
# and of the live server are moved forward to that day (the browser's own clock is left alone: the cookies it is given
# then expire later, never earlier).
SUMMARY_PHASE_DAY = (11, 26)
DEMO_PASSWORD = "uplift-demo-2023"
END_VALUES = {
    "revenue_end": "1280.50",
    "profit_margin_end": "9.5",
    "quality_cost_rate_end": "2.1",
    "pass_rate_end": "98.6",
    "complaints_end": "1",
    "on_time_delivery_end": "97.0",
}


@pytest.fixture(scope="module", autouse=True)
def in_the_summary_phase():
    now = timezone.localtime()
    day = now.replace(month=SUMMARY_PHASE_DAY[0], day=SUMMARY_PHASE_DAY[1], hour=10, minute=0)
    if now < day:
        with time_machine.travel(day, tick=True):
            yield
    else:
        yield


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_enterprise_sees_its_progress_enters_figures_and_uploads_a_case(demo, live_server, page_factory, tmp_path):
    enterprise = Enterprise.objects.get(organisation__memberships__user__username="enterprise")
    page = page_factory(viewport={"width": 1280, "height": 900})
    log_in(page, live_server, "enterprise")

    # The checklist of 附件二, from the menu: some steps done, some still to come.
    menu_click_url(page, reverse("enterprises:progress"))
    page.wait_for_url(f"**{reverse('enterprises:progress')}")
    assert enterprise.name in page.inner_text("header")
    assert page.locator("li.portal-step-done").count() >= 3
    assert page.locator("li[class*='portal-step-']:not(.portal-step-done)").count() >= 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "enterprise-progress.png"), full_page=True)

    # Outcome figures: the baseline was entered when the system building began; now the end values.
    page.click("a[href$='/outcome/']")
    assert page.input_value("input[name=revenue_baseline]")  # kept from before
    for name, value in END_VALUES.items():
        page.fill(f"input[name={name}]", value)
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() == 1
    assert page.locator(".is-invalid").count() == 0
    outcome = OutcomeFigures.objects.get(
        enrolment__enterprise=enterprise, enrolment__campaign__year=timezone.now().year
    )
    assert outcome.is_complete and str(outcome.pass_rate_end) == "98.60"
    page.screenshot(path=str(SCREENSHOTS / "enterprise-outcome.png"), full_page=True)

    # Cases: two already (the limit), so no "new case" until the draft is deleted.
    page.goto(f"{live_server.url}{reverse('enterprises:case-list')}")
    new_case = f"a[href='{reverse('enterprises:case-create')}']"
    assert page.locator(new_case).count() == 0
    draft = Case.objects.get(enrolment__enterprise=enterprise, state=CaseState.DRAFT)
    page.click(f"a[href='{reverse('enterprises:case-detail', args=[draft.pk])}']")
    page.click(f"form[action='{reverse('enterprises:case-delete', args=[draft.pk])}'] button")
    page.wait_for_url(f"**{reverse('enterprises:case-list')}")
    assert not Case.objects.filter(pk=draft.pk).exists()

    evidence = tmp_path / "检验记录对比.pdf"
    evidence.write_bytes(minimal_pdf("Inspection records before and after"))
    page.click(new_case)
    title = "以首件检验制度降低乐器装配返工率"
    page.fill("input[name=title]", title)
    page.fill(
        "textarea[name=body]",
        "企业推行首件检验和工序自检互检，装配返工率由百分之八降至百分之三，顾客投诉由每季度五起降至一起。",
    )
    page.set_input_files("input[name=attachment]", str(evidence))
    page.click("main form[method=post][enctype] button[type=submit]")
    page.wait_for_url("**/enterprises/cases/*/")
    assert title in page.inner_text("h1")
    assert "检验记录对比.pdf" in page.inner_text("body")

    page.goto(f"{live_server.url}{reverse('enterprises:case-list')}")
    listed = page.inner_text("table")
    assert title in listed
    assert Case.objects.get(title=title).attachments.get().original_name == "检验记录对比.pdf"
    assert page.csp_violations == []
    page.screenshot(path=str(SCREENSHOTS / "enterprise-cases.png"), full_page=True)
