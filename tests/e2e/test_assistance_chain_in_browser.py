"""Issue 9's R7 on paper, at a phone's size: the demo `expert` backdates the operation start before the day they
were assigned, and the form says which date it collides with, in Chinese, keeping what was typed; nothing is
stored."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assistance.models import Assignment
from assistance.services.checks import assistance_opens_on
from enterprises.models import Enrolment
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_enterprise_in_browser import in_the_summary_phase, log_in  # noqa: F401 (autouse fixture)
from tests.e2e.test_expert_on_phone import PHONE, fits_the_screen

pytestmark = pytest.mark.e2e


def test_expert_cannot_backdate_the_operation_start_before_the_assignment_on_a_phone(demo, live_server, page_factory):
    assignment = (
        Assignment.objects.filter(expert__user__username="expert", ended_at__isnull=True)
        .exclude(enrolment__state__in=["reviewed", "results", "closed", "withdrawn", "rejected"])
        .select_related("enrolment__campaign")
        .first()
    )
    enrolment = assignment.enrolment
    Enrolment.objects.filter(pk=enrolment.pk).update(operation_started_on=None)
    opens_on = assistance_opens_on(enrolment.campaign)
    assigned_on = opens_on + timedelta(days=10)
    Assignment.objects.filter(enrolment=enrolment).update(
        assigned_at=timezone.make_aware(timezone.datetime.combine(assigned_on, timezone.datetime.min.time()))
        + timedelta(hours=10)
    )

    page = page_factory(**PHONE)
    page.set_extra_http_headers({"Accept-Language": "zh-hans"})
    log_in(page, live_server, "expert")
    page.goto(f"{live_server.url}{reverse('assistance:operation-start', args=[enrolment.pk])}")
    backdated = assigned_on - timedelta(days=5)
    page.fill("input[name=operation_started_on]", backdated.isoformat())
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_selector(".invalid-feedback, .is-invalid")
    text = page.inner_text("main")
    # The tightest date it collides with is named (the assignment, or the diagnosis or build after it).
    assert re.search(r"运行开始日期不能早于(专家指派|诊断|体系建设开始)日期 \d{4}年\d{1,2}月\d{1,2}日", text)
    assert page.input_value("input[name=operation_started_on]") == backdated.isoformat()  # what was typed stays
    assert fits_the_screen(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "expert-phone-operation-start-refused.png"), full_page=True)
    enrolment.refresh_from_db()
    assert enrolment.operation_started_on is None
