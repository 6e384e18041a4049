"""Words a person uses (issue 9): no rule number of DESIGN.md ("R8", "R2–R4") on any menu or page of the demo, for
any role — the clause may stay in a tooltip (an attribute), never in the text. The demo is seeded once for the module
and rolled back after it (tests/test_seed_demo.py); the other wording tests are in tests/portal/test_words_on_pages.py."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.test import Client

from accounts.models import User
from tests.test_seed_demo import DEMO_ACCOUNTS, seeded  # noqa: F401 (the module-scoped demo, rolled back after)

RULE_NUMBER = re.compile(r"(?<![A-Za-z0-9])R\d{1,2}(?![0-9])")
PAGES_PER_ROLE = 40  # the menu's pages first, then what they link to
SKIPPED = re.compile(r"^/(static|media|admin|api)/|/(export|template|download|file|materials|evidence|plan|report)/")


class _Page(HTMLParser):
    """The text a person reads (no script, style or attribute) and the page's own links."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith("//"):
            self.links.append(urlsplit(href).path)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _crawl(user) -> dict[str, str]:
    """Home, every menu entry, then the pages they link to: path → the text read there."""
    client = Client()
    client.force_login(user)
    home = client.get("/")
    queue = deque(["/", *(entry["url"] for entry in home.context["portal_menu"])])
    seen: set[str] = set()
    texts = {}
    while queue and len(texts) < PAGES_PER_ROLE:
        path = queue.popleft()
        if path in seen or SKIPPED.search(path) or "logout" in path:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = _Page()
        page.feed(response.content.decode())
        texts[path] = " ".join(page.text)
        queue.extend(page.links)
    return texts


def test_no_menu_or_page_of_the_demo_shows_a_rule_number_to_any_role(seeded, db):  # noqa: F811
    found = {}
    for username in DEMO_ACCOUNTS:
        pages = _crawl(User.objects.get(username=username))
        assert len(pages) > 3, username
        for path, text in pages.items():
            if numbers := sorted(set(RULE_NUMBER.findall(text))):
                found[f"{username} {path}"] = numbers
    assert not found
