"""Issue 9's browser tests at a phone's size (390×844): the expert's input survives its own mistakes and an expired
session. The internal-audit form shows three mistakes at once and keeps the chosen plan while they are corrected; a
visit typed while the session ran out is back on the form after signing in again, and saved with its notes."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assistance.models import InternalAudit, Visit
from enterprises.models import Enrolment
from tests.domain import PDF
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_enterprise_in_browser import DEMO_PASSWORD, in_the_summary_phase, log_in  # noqa: F401

pytestmark = pytest.mark.e2e
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
NOT_A_PDF = b"MZ\x90\x00 a program renamed to .pdf"


def _experts_enrolment():
    return Enrolment.objects.filter(assignments__expert__user__username="expert", assignments__ended_at__isnull=True)[0]


def _pdf(name, content=PDF):
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


def test_expert_sees_three_audit_mistakes_at_once_and_saves_without_choosing_the_plan_again(
    demo, live_server, page_factory
):
    enrolment = _experts_enrolment()
    today = timezone.localdate()
    # The system has run for four months: the audit date is all that R7 looks at here.
    Enrolment.objects.filter(pk=enrolment.pk).update(
        state="operating", operation_started_on=today - timedelta(days=125)
    )
    day = (today - timedelta(days=1)).isoformat()
    page = page_factory(**PHONE)
    log_in(page, live_server, "expert")
    page.goto(f"{live_server.url}{reverse('assistance:internal-audit-create', args=[enrolment.pk])}")

    # Three mistakes: auditors not trained, the end before the start, and a "PDF" that is a program.
    page.fill("input[name=starts_at]", f"{day}T17:00")
    page.fill("input[name=ends_at]", f"{day}T09:00")
    page.set_input_files("input[name=plan_file]", _pdf("内审计划.pdf"))
    page.set_input_files("input[name=report_file]", _pdf("内审报告.pdf", NOT_A_PDF))
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_load_state()

    for field in ("auditor_training_done", "ends_at", "report_file"):
        assert page.locator(f"#id_{field}_errors").is_visible(), field
    assert page.locator(".is-invalid").count() == 3
    assert "已选择：内审计划.pdf" in page.inner_text("[data-kept-for=plan_file]")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "expert-phone-audit-three-mistakes.png"), full_page=True)

    # Corrected without choosing the plan again.
    page.check("input[name=auditor_training_done]")
    page.fill("input[name=starts_at]", f"{day}T09:00")
    page.fill("input[name=ends_at]", f"{day}T17:00")
    page.set_input_files("input[name=report_file]", _pdf("内审报告.pdf"))
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(f"**/assistance/work/enrolments/{enrolment.pk}/*")
    audit = InternalAudit.objects.get(enrolment=enrolment)
    assert (audit.plan_name, audit.report_name) == ("内审计划.pdf", "内审报告.pdf")
    assert audit.plan_file.read() == PDF
    assert page.csp_violations == []


def test_expert_whose_session_expired_while_typing_a_visit_signs_in_again_and_saves_it(demo, live_server, page_factory):
    enrolment = _experts_enrolment()
    notes = "车间巡查：来料检验记录缺失两批，已与质量负责人确认整改时限。"
    page = page_factory(**PHONE)
    page.clock.install()
    log_in(page, live_server, "expert")
    url = f"{live_server.url}{reverse('assistance:visit-create', args=[enrolment.pk])}"
    page.goto(url)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    page.fill("input[name=visited_on]", yesterday)
    page.fill("input[name=starts_at]", "14:00")
    page.fill("input[name=ends_at]", "16:00")
    page.fill("input[name=participants]", "质量负责人")
    page.fill("textarea[name=notes]", notes)

    # Twenty-six idle minutes: the warning offers to stay signed in.
    page.clock.run_for(26 * 60 * 1000)
    # The unread badge polled every fake minute; once its answers are in, the warning is still up: a poll is not
    # activity (it was, and the first answer hid the warning again).
    page.wait_for_load_state("networkidle")
    expect(page.locator("#portal-idle-warning")).to_be_visible(timeout=5_000)
    page.screenshot(path=str(SCREENSHOTS / "expert-phone-idle-warning.png"), full_page=True)

    # The limit passes: the server has forgotten the session; the expert sends the visit anyway.
    Session.objects.all().delete()
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url("**/accounts/login/**")
    assert "您填写的内容已保留" in page.inner_text("main")
    assert not Visit.objects.filter(enrolment=enrolment, notes=notes).exists()

    # Signing in again leads back to the form with what was typed.
    page.fill("input[name=username]", "expert")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(url)
    assert page.input_value("textarea[name=notes]") == notes
    assert page.input_value("input[name=starts_at]") == "14:00"
    assert page.locator("#portal-rescued-notice").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "expert-phone-visit-restored.png"), full_page=True)
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(f"**/assistance/work/enrolments/{enrolment.pk}/*")
    assert Visit.objects.get(enrolment=enrolment, notes=notes).participants == "质量负责人"
    assert page.csp_violations == []


def test_a_visit_typed_on_site_is_kept_as_a_draft_in_the_browser_until_it_is_saved(demo, live_server, page_factory):
    enrolment = _experts_enrolment()
    notes = "仓库温湿度记录表已建立，但未按日填写。"
    page = page_factory(**PHONE)
    log_in(page, live_server, "expert")
    url = f"{live_server.url}{reverse('assistance:visit-create', args=[enrolment.pk])}"
    page.goto(url)
    page.fill("input[name=starts_at]", "08:30")
    page.fill("input[name=ends_at]", "09:30")
    page.fill("textarea[name=notes]", notes)
    page.wait_for_timeout(800)  # the draft is written a moment after the typing stops

    # The connection dropped and the page is opened again: the draft is filled back in, and says so.
    page.goto(url)
    assert page.input_value("textarea[name=notes]") == notes
    assert page.input_value("input[name=starts_at]") == "08:30"
    assert page.locator("#portal-draft-notice").is_visible()
    page.fill("input[name=visited_on]", (timezone.localdate() - timedelta(days=1)).isoformat())
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(f"**/assistance/work/enrolments/{enrolment.pk}/*")
    assert Visit.objects.filter(enrolment=enrolment, notes=notes).exists()

    # Saved: the draft is gone, and the next visit starts empty.
    page.goto(url)
    assert page.input_value("textarea[name=notes]") == ""
    assert not page.locator("#portal-draft-notice").is_visible()
    assert page.csp_violations == []
