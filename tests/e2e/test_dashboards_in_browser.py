"""Dashboards in a browser (issue 12): 滨海新区 opens its dashboard from the menu and sees the charts drawn (ECharts
canvases) with its own figures: the numbers in the charts' tables equal those the API serves, and those of the
district's figures (evaluation.selectors.figures, which the district's report and submission use). The regulator's
city dashboard draws every district; a dashboard token's screen draws the district without signing in. No page
breaks the CSP."""

import pytest
from django.utils import translation

from accounts.models import User
from campaign.models import MemberUnit
from campaign.selectors import campaign_current, today_local
from dashboards.services import token_issue
from enterprises.models import EnrolmentState
from evaluation.selectors.figures import district_figures
from tests.e2e.conftest import SCREENSHOTS, menu_click_url

pytestmark = pytest.mark.e2e
DEMO_PASSWORD = "uplift-demo-2023"


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def _table(page, name):
    """{first cell: [other cells]} of the chart table ``name`` (read from the DOM, even while the details are closed)."""
    rows = page.eval_on_selector_all(
        f"table[data-dash-table='{name}'] tbody tr",
        "rows => rows.map(r => Array.from(r.children).map(c => c.textContent.trim()))",
    )
    return {row[0]: row[1:] for row in rows}


def test_binhai_sees_its_dashboard_drawn_with_its_own_figures(demo, live_server, page_factory):
    user = User.objects.get(username="district-binhai")
    unit = MemberUnit.objects.get(pk=user.membership.organisation.member_unit.pk)
    page = page_factory(viewport={"width": 1400, "height": 1000})
    _log_in(page, live_server, "district-binhai")
    menu_click_url(page, "/dashboards/")
    page.wait_for_url(f"{live_server.url}/dashboards/district/{unit.pk}/")
    page.wait_for_selector("[data-dash-chart='funnel'] canvas")
    assert page.locator(".dash-chart canvas").count() >= 6
    assert "滨海新区" in page.inner_text("h1")

    api = page.request.get(f"{live_server.url}/api/v1/dashboards/district/{unit.pk}/").json()
    campaign = campaign_current(user=user)
    expected = district_figures(campaign, unit, today_local())
    funnel = _table(page, "funnel")
    with translation.override("zh-hans"):
        label = {state: str(EnrolmentState(state).label) for state in EnrolmentState.values}
    for state in EnrolmentState.values:
        assert int(funnel[label[state]][0]) == api["figures"]["funnel"][state] == expected["funnel"][state], state
    problems = [int(cells[0]) for cells in _table(page, "problems").values()]
    assert problems == [api["figures"]["problems"][k] for k in ("found", "solved", "open")]
    assert api["figures"]["problems"] == expected["problems"]
    trainings = _table(page, "trainings")
    assert sum(int(cells[0]) for cells in trainings.values()) == api["figures"]["training_totals"]["count"]
    assert api["figures"]["training_totals"] == expected["training_totals"]
    page.locator("[data-dash-chart='funnel']").scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-district-binhai.png"), full_page=True)
    assert page.csp_violations == []


def test_the_regulator_sees_the_city_dashboard_and_a_token_screen_draws_a_district(demo, live_server, page_factory):
    page = page_factory(viewport={"width": 1400, "height": 1000})
    _log_in(page, live_server, "regulator")
    menu_click_url(page, "/dashboards/city/")
    page.wait_for_selector("[data-dash-chart='funnel-by-district'] canvas")
    districts = _table(page, "funnel-by-district")
    assert "滨海新区" in districts
    page.screenshot(path=str(SCREENSHOTS / "dashboard-city.png"), full_page=True)
    assert page.csp_violations == []

    district = User.objects.get(username="district-binhai")
    token, key = token_issue(name="会议室大屏", acting_user=district)
    screen = page_factory(viewport={"width": 1600, "height": 900})
    screen.goto(f"{live_server.url}/dashboards/screen/#{token.member_unit_id}.{key}")
    screen.wait_for_selector("[data-dash-chart='funnel'] canvas")
    assert screen.inner_text("[data-dash='title']") == "滨海新区"
    screen.screenshot(path=str(SCREENSHOTS / "dashboard-screen.png"))
    assert screen.csp_violations == []


def test_a_body_manager_sees_its_own_dashboard_drawn_with_its_own_figures(demo, live_server, page_factory):
    """cb-manager reaches its body's dashboard from the menu; the funnel and the problems drawn are the API's and
    ``body_figures``' (the enterprises its experts assist, not the district's or the city's)."""
    from evaluation.selectors.figures import body_figures

    user = User.objects.get(username="cb-manager")
    body = user.membership.organisation.certification_body
    page = page_factory(viewport={"width": 1400, "height": 1000})
    _log_in(page, live_server, "cb-manager")
    menu_click_url(page, "/dashboards/")
    page.wait_for_url(f"{live_server.url}/dashboards/body/{body.pk}/")
    page.wait_for_selector("[data-dash-chart='funnel'] canvas")
    assert body.name in page.inner_text("h1")

    api = page.request.get(f"{live_server.url}/api/v1/dashboards/body/{body.pk}/").json()
    expected = body_figures(campaign_current(user=user), body, today_local())
    funnel = _table(page, "funnel")
    with translation.override("zh-hans"):
        label = {state: str(EnrolmentState(state).label) for state in EnrolmentState.values}
    drawn = {state: int(funnel[label[state]][0]) for state in EnrolmentState.values if label[state] in funnel}
    assert drawn and all(drawn[s] == api["figures"]["funnel"][s] == expected["funnel"][s] for s in drawn)
    assert sum(expected["funnel"].values()) >= 1
    problems = [int(cells[0]) for cells in _table(page, "problems").values()]
    assert problems == [api["figures"]["problems"][k] for k in ("found", "solved", "open")]
    assert api["figures"]["problems"] == expected["problems"]
    # Another body's dashboard, of the same city, is not the manager's to open: the same 404 as a missing one.
    from assistance.models import CertificationBody

    other = CertificationBody.objects.filter(tenant_id=body.tenant_id).exclude(pk=body.pk).first()
    assert page.request.get(f"{live_server.url}/dashboards/body/{other.pk}/").status == 404
    assert page.request.get(f"{live_server.url}/api/v1/dashboards/body/{other.pk}/").status == 404
    page.screenshot(path=str(SCREENSHOTS / "dashboard-body.png"), full_page=True)
    assert page.csp_violations == []
