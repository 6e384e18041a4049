"""A regulator and a district log in through the real form and land on their own home pages, in Chinese."""

import pytest

from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e
DEMO_PASSWORD = "uplift-demo-2023"


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url  # signed-out users are sent to the login page first
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize(
    "username, expected",
    [
        # The browser asks for English; the portal still speaks Chinese.
        ("regulator", ["当前阶段", "各成员单位启动会", "尚未召开", "报送总结评估材料和数据"]),
        ("district-binhai", ["当前阶段", "滨海新区", "召开区域提升行动启动会", "报送总结评估材料和数据"]),
    ],
)
def test_each_role_lands_on_its_own_home_page_in_chinese(demo, live_server, page_factory, username, expected):
    page = page_factory(viewport={"width": 1280, "height": 900})
    _log_in(page, live_server, username)
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    text = page.inner_text("body")
    for phrase in expected:
        assert phrase in text, f"{username}: {phrase!r} is not on the home page"
    for english in ("Current phase", "What to do next", "Sign out"):
        assert english not in text, f"{username}: untranslated {english!r} on the home page"
    assert page.csp_violations == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"home-{username}.png"), full_page=True)


def test_home_page_fits_a_phone(demo, live_server, page_factory):
    page = page_factory(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    _log_in(page, live_server, "district-binhai")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the home page scrolls sideways on a phone"
    page.screenshot(path=str(SCREENSHOTS / "home-district-phone.png"), full_page=True)


def test_api_docs_render_from_local_assets_under_the_csp(live_server, page_factory, transactional_db):
    page = page_factory(viewport={"width": 1280, "height": 900})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/api/docs/")
    # Swagger UI has loaded the schema and drawn every tag (closed: some 150 operations); one opens on a click.
    page.wait_for_selector("#operations-tag-notifications")
    page.click("#operations-tag-campaigns")
    page.wait_for_selector("text=/api/v1/campaigns/")
    assert page.csp_violations == []
    assert [url for url in requests if not url.startswith(live_server.url)] == []
