"""Headless Chromium (Debian's, never a downloaded one) driven by Playwright against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(os.environ.get("PORTAL_SCREENSHOTS", Path(__file__).resolve().parents[2] / "var" / "screenshots"))


@pytest.fixture(scope="module", autouse=True)
def _orm_beside_playwright():
    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make (seeding, and the
    # database flush after each test) are still plain synchronous code. Set for these modules only, and undone after
    # the browser has closed: the variable must never reach a later test or a deployment check.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(_orm_beside_playwright):
    # Module scope: Playwright's event loop lives in this thread while it runs, and must be gone before any later
    # test module touches the ORM.
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; install Debian's chromium (see README).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def page_factory(browser):
    contexts = []

    def make(**options):
        context = browser.new_context(locale="en-US", **options)
        contexts.append(context)
        page = context.new_page()
        page.csp_violations = []
        page.on("console", lambda msg: "Content Security Policy" in msg.text and page.csp_violations.append(msg.text))
        return page

    yield make
    for context in contexts:
        context.close()


def menu_link(page, label: str):
    """The menu's link to a page named ``label`` (a drop-down's own toggle is not a page)."""
    return page.locator(
        f"#portal-nav a.dropdown-item:text-is('{label}'), #portal-nav a.nav-link:not(.dropdown-toggle):text-is('{label}')"
    ).first


def menu_click(page, label: str) -> None:
    """Click the menu entry named ``label`` as a user does: open its drop-down first when it sits in one."""
    menu_follow(menu_link(page, label))


def menu_click_url(page, url: str) -> None:
    """Click the menu's link to ``url``, opening its drop-down first when it sits in one."""
    menu_follow(page.locator(f"#portal-nav a[href='{url}']:not(.dropdown-toggle)").first)


def menu_follow(link) -> None:
    if not link.is_visible():
        link.locator(
            "xpath=ancestor::li[contains(@class, 'dropdown')][1]/a[contains(@class, 'dropdown-toggle')]"
        ).click()
    link.click()
