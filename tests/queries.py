"""The one query-count helper (STYLE.md §10): exact counts, and the SQL printed when a count is off (Zulip's habit).

Every list page, endpoint, dashboard and report selector has a test that asserts its exact number of queries at a
small and at a large number of rows, from a baseline kept beside the app's tests (NetBox's habit), e.g.::

    QUERIES = {"/assistance/work/": 9, ...}

    def test_work_pages_cost_a_fixed_number_of_queries(...):
        assert_page_queries(client, url, QUERIES[url])   # small N
        add_rows(50)
        assert_page_queries(client, url, QUERIES[url])   # large N: the same, exact number
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def _listing(context: CaptureQueriesContext) -> str:
    return "\n".join(f"{number:3}. {query['sql']}" for number, query in enumerate(context.captured_queries, start=1))


@contextmanager
def exact_queries(expected: int, label: str = "") -> Iterator[CaptureQueriesContext]:
    """Fail unless the block runs exactly ``expected`` queries; the failure lists every query's SQL.

    The writes before the block count as committed: the running counts they noted are refreshed first, as their
    commit would (evaluation.services.counts; a test's transaction never commits), so a read in the block pays only
    for itself."""
    from evaluation.services.counts import counts_flush

    counts_flush()
    with CaptureQueriesContext(connection) as context:
        yield context
    if len(context) != expected:
        pytest.fail(f"{label or 'block'}: {len(context)} queries, expected {expected}:\n{_listing(context)}")


def assert_page_queries(client, url: str, expected: int, *, status: int = 200, method: str = "get", **kwargs):
    """``client.<method>(url)`` answers ``status`` with exactly ``expected`` queries; returns the response."""
    with exact_queries(expected, label=f"{method.upper()} {url}"):
        response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status, f"{method.upper()} {url}: {response.status_code}"
    return response


def count_queries(client, url: str, *, status: int = 200) -> int:
    """How many queries ``GET url`` runs (for writing a baseline); prefer ``assert_page_queries`` in tests."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == status, f"GET {url}: {response.status_code}"
    return len(context)
