"""Reachable from where the user stands (issue 9), in a browser on the demo: the body manager finds a forwarded
complaint from its menu and from its home page; the district opens an enterprise's progress from its enrolment list;
the reviewer's list shows exactly the cases still to score."""

import pytest
from django.utils import timezone

from accounts.models import User
from assistance.models import CertificationBody
from campaign.selectors import campaign_current
from enterprises.models import Complaint, ComplaintState, Enterprise
from enterprises.selectors.cases import reviews_to_score
from tests.e2e.conftest import SCREENSHOTS, menu_click, menu_link
from tests.e2e.test_home_pages_in_browser import _log_in

pytestmark = pytest.mark.e2e
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


def _forwarded_complaint() -> Complaint:
    manager = User.objects.get(username="cb-manager")
    body = CertificationBody.objects.get(organisation=manager.membership.organisation)
    enterprise = Enterprise.objects.get(organisation__memberships__user__username="enterprise")
    return Complaint.objects.create(
        enterprise=enterprise,
        body=body,
        subject="帮扶专家多次改约未到场",
        text="六月两次约好的现场调研，专家都没有来。",
        state=ComplaintState.FORWARDED,
        submitted_by=User.objects.get(username="enterprise"),
        handled_by=User.objects.get(username="regulator"),
        forwarded_at=timezone.now(),
    )


def test_cb_manager_reaches_a_forwarded_complaint_from_the_home_page_and_the_menu(demo, live_server, page_factory):
    complaint = _forwarded_complaint()
    page = page_factory(**DESKTOP)
    _log_in(page, live_server, "cb-manager")
    page.click(f"#home-complaints >> text={complaint.subject}")
    page.wait_for_url(f"{live_server.url}/enterprises/complaints/{complaint.pk}/")
    assert complaint.text in page.inner_text("body")

    page.goto(f"{live_server.url}/")
    menu_click(page, "投诉")
    page.wait_for_url(f"{live_server.url}/enterprises/complaints/")
    page.click(f"text={complaint.subject}")
    page.wait_for_url(f"{live_server.url}/enterprises/complaints/{complaint.pk}/")
    assert menu_link(page, "认证审核").count() == 1  # and the audits, by menu too
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "cb-manager-complaint.png"), full_page=True)


def test_district_opens_an_enterprises_progress_from_its_enrolment_list(demo, live_server, page_factory):
    page = page_factory(**DESKTOP)
    _log_in(page, live_server, "district-binhai")
    menu_click(page, "参与企业")
    page.wait_for_url(f"{live_server.url}/enterprises/enrolments/")
    row = page.locator("table tbody tr").first
    name = row.locator("td").first.locator("a").first.inner_text()
    with page.expect_response(lambda r: "/progress/" in r.url) as response:
        row.get_by_role("link", name="进度", exact=True).click()
    assert response.value.status == 200
    body = page.inner_text("body")
    assert name in body
    for heading in ("帮扶步骤", "成效数据"):
        assert heading in body, heading
    assert page.locator("a[href$='/outcome/']").count() == 0  # read-only: no link that would answer 403
    page.screenshot(path=str(SCREENSHOTS / "district-progress.png"), full_page=True)


def test_reviewer_list_shows_exactly_the_cases_still_to_score(demo, live_server, page_factory):
    reviewer = User.objects.get(username="reviewer")
    waiting = list(reviews_to_score(user=reviewer, campaign=campaign_current(user=reviewer)))
    assert waiting, "the demo gives the reviewer cases to score"
    page = page_factory(**DESKTOP)
    _log_in(page, live_server, "reviewer")
    menu_click(page, "待评案例")
    page.wait_for_url(f"{live_server.url}/enterprises/cases/to-score/")
    shown = page.locator(".portal-case-to-score h2").all_inner_texts()
    assert sorted(shown) == sorted(review.case.title for review in waiting)
    assert page.locator(".portal-case-to-score table").count() == len(waiting)  # the figures beside each case
    page.screenshot(path=str(SCREENSHOTS / "reviewer-to-score.png"), full_page=True)
