"""Issue 4's browser test, at a phone's size: the demo `expert` opens one of its two enterprises, logs a visit and the
problem it found there, and the body's manager (`cb-manager`) then sees both."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assistance.models import Problem, Visit
from tests.e2e.conftest import SCREENSHOTS, menu_click_url
from tests.e2e.test_enterprise_in_browser import in_the_summary_phase, log_in  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.e2e
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PARTICIPANTS = "总经理、质量负责人、仓库主管"
PROBLEM = "成品仓库温湿度没有记录，乐器木材受潮变形的风险未受控。"


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_expert_logs_a_visit_and_a_problem_on_a_phone_and_the_manager_sees_them(demo, live_server, page_factory):
    page = page_factory(**PHONE)
    log_in(page, live_server, "expert")

    # "My enterprises" through the collapsed menu: exactly the two assigned to this expert.
    work_list = reverse("assistance:work-list")
    page.click(".navbar-toggler")
    page.click(f"nav a[href='{work_list}']")
    page.wait_for_url(f"**{work_list}")
    enterprises = page.locator("a[href*='/assistance/work/enrolments/']")
    assert enterprises.count() == 2
    assert fits_the_screen(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "expert-phone-list.png"), full_page=True)

    enterprises.first.click()
    page.wait_for_url("**/assistance/work/enrolments/*/")
    enrolment_url = page.url
    name = page.inner_text("h1")

    # Log the visit: today, an hour and a half, a follow-up, with who took part and what was found.
    page.click("a[href$='/visits/new/']")
    today = timezone.localdate()
    page.fill("input[name=visited_on]", today.isoformat())
    page.fill("input[name=starts_at]", "09:00")
    page.fill("input[name=ends_at]", "10:30")
    page.select_option("select[name=kind]", "follow_up")
    page.fill("input[name=participants]", PARTICIPANTS)
    page.fill("textarea[name=notes]", "检查成品仓库，发现温湿度无记录，已列入问题清单。")
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOTS / "expert-phone-visit-form.png"), full_page=True)
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(f"{enrolment_url}*")
    assert page.locator(".is-invalid").count() == 0
    assert PARTICIPANTS in page.inner_text("#visits")
    visit = Visit.objects.get(participants=PARTICIPANTS)
    assert visit.visited_on == today and visit.expert.user.username == "expert"

    # …and the problem it found, on the diagnosis's problem list.
    page.click("a[href$='/problems/new/']")
    page.fill("input[name=category]", "仓储管理")
    page.fill("textarea[name=description]", PROBLEM)
    page.select_option("select[name=urgency]", "high")
    page.fill("input[name=owner]", "仓库主管")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(f"{enrolment_url}*")
    assert PROBLEM in page.inner_text("#problems")
    assert Problem.objects.get(description=PROBLEM).diagnosis.enrolment_id == visit.enrolment_id
    assert fits_the_screen(page)
    assert page.csp_violations == []
    page.screenshot(path=str(SCREENSHOTS / "expert-phone-enterprise.png"), full_page=True)

    # The body's manager follows the work of its experts.
    manager = page_factory(viewport={"width": 1280, "height": 900})
    log_in(manager, live_server, "cb-manager")
    menu_click_url(manager, work_list)
    manager.wait_for_url(f"**{work_list}")
    manager.click(f"a[href='{reverse('assistance:work-enrolment', args=[visit.enrolment_id])}']")
    assert name in manager.inner_text("h1")
    assert PARTICIPANTS in manager.inner_text("#visits")
    assert PROBLEM in manager.inner_text("#problems")
    manager.click(f"a[href='{reverse('assistance:visit-detail', args=[visit.pk])}']")
    assert "温湿度无记录" in manager.inner_text("body")
    assert manager.csp_violations == []
    manager.screenshot(path=str(SCREENSHOTS / "cb-manager-sees-the-visit.png"), full_page=True)
