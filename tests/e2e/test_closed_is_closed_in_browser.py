"""Closed is closed, in the browser at a phone's width: the regulator opens a closed enrolment of the finished 2023
campaign, finds no button that would edit it but its own "correct figures", and corrects the revenue with a reason that
the history keeps; the enterprise's own page of that enrolment offers no edit."""

import pytest
from django.urls import reverse

from enterprises.models import Case, CaseState, Enrolment, EnrolmentState, OutcomeFigures
from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e
DEMO_PASSWORD = "uplift-demo-2023"
PHONE = {"width": 390, "height": 844}


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_the_regulator_corrects_a_closed_enrolments_figures_with_a_reason(demo, live_server, page_factory):
    enrolment = (
        Enrolment.objects.filter(campaign__year=2023, state=EnrolmentState.CLOSED, outcome__isnull=False)
        .select_related("outcome")
        .first()
    )
    assert enrolment is not None, "the demo's 2023 campaign has closed enrolments with figures"
    page = page_factory(viewport=PHONE)
    _log_in(page, live_server, "regulator")
    page.goto(f"{live_server.url}{reverse('enterprises:enrolment-progress', args=[enrolment.pk])}")
    assert "只读" in page.inner_text("main")
    assert page.locator(f"a[href='{reverse('enterprises:outcome-edit', args=[enrolment.pk])}'].btn").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "closed-enrolment-regulator.png"), full_page=True)

    page.click(f"a[href='{reverse('enterprises:outcome-correct', args=[enrolment.pk])}']")
    page.fill("input[name=revenue_end]", "1234.50")
    page.click("main form[method=post] button[type=submit]")  # no reason: refused, the figure kept on the form
    page.wait_for_load_state()
    assert page.input_value("input[name=revenue_end]") == "1234.50"
    assert page.locator(".is-invalid").count() >= 1
    page.fill("input[name=reason]", "企业来函更正年末营业收入")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(f"**{reverse('enterprises:enrolment-progress', args=[enrolment.pk])}")
    page.screenshot(path=str(SCREENSHOTS / "closed-enrolment-corrected.png"), full_page=True)
    outcome = OutcomeFigures.objects.get(enrolment=enrolment)
    assert str(outcome.revenue_end) == "1234.50"
    assert outcome.history.first().history_change_reason == "企业来函更正年末营业收入"
    assert page.csp_violations == []


def test_the_regulator_selects_an_excellent_case_after_confirming_with_the_scores(demo, live_server, page_factory):
    case = Case.objects.filter(state=CaseState.SCORED).first()
    assert case is not None, "the demo has scored cases"
    scores = [str(score) for score in case.reviews.values_list("score", flat=True)]
    page = page_factory(viewport={"width": 1280, "height": 900})
    _log_in(page, live_server, "regulator")
    page.goto(f"{live_server.url}{reverse('enterprises:case-detail', args=[case.pk])}")
    assert page.locator("input[name=decision]").count() == 0  # no one-click decision on the case page
    page.click(f"a[href='{reverse('enterprises:case-decide', args=[case.pk])}']")
    page.wait_for_url(f"**{reverse('enterprises:case-decide', args=[case.pk])}")
    text = page.inner_text("main")
    assert all(score in text for score in scores) and "平均分" in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "case-decide-confirmation.png"), full_page=True)
    assert Case.objects.get(pk=case.pk).state == CaseState.SCORED  # nothing decided by looking
    page.click("button[name=decision][value=selected]")  # not confirmed: the form does not go, nothing decided
    page.wait_for_load_state()
    assert Case.objects.get(pk=case.pk).state == CaseState.SCORED
    page.check("input[name=confirm]")
    page.click("button[name=decision][value=selected]")
    page.wait_for_url(f"**{reverse('enterprises:case-detail', args=[case.pk])}")
    assert Case.objects.get(pk=case.pk).state == CaseState.SELECTED
