"""Tables at 390 px (issue 9): a name is never squeezed to one character per line — the name column keeps a readable
width and stays in view, the other columns scroll sideways inside the table, and the page itself does not."""

import pytest

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_home_pages_in_browser import _log_in

pytestmark = pytest.mark.e2e
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LISTS = {
    "district-binhai": ["/enterprises/enrolments/?audit_due=on", "/enterprises/", "/campaign/kickoffs/"],
    "regulator": ["/assistance/audits/", "/enterprises/complaints/", "/assistance/bodies/"],
}


@pytest.mark.parametrize("username", LISTS)
def test_lists_keep_names_readable_on_a_phone(demo, live_server, page_factory, username):
    page = page_factory(**PHONE)
    _log_in(page, live_server, username)
    for path in LISTS[username]:
        page.goto(f"{live_server.url}{path}")
        name = page.locator(".table-responsive tbody tr:first-child > :first-child").first
        box = name.bounding_box()
        assert box and box["width"] >= 140, f"{path}: the name column is {box and box['width']} px wide"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path}: the page scrolls sideways"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"phone{path.replace('/', '-').replace('?', '-')}.png"))


def test_list_filters_stay_on_one_line_at_1366_px(demo, live_server, page_factory):
    page = page_factory(viewport={"width": 1366, "height": 768})
    _log_in(page, live_server, "regulator")
    page.goto(f"{live_server.url}/enterprises/enrolments/")
    search = page.locator(".portal-filters input[name=q]").bounding_box()
    button = page.locator(".portal-filters button[type=submit]").bounding_box()
    assert search and button
    assert abs((button["y"] + button["height"]) - (search["y"] + search["height"])) < 4, "the filter button wrapped"
    assert button["height"] < 2 * 24, "the button's words wrapped"
