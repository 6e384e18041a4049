"""What the supervision lists cost in queries, at a small and at a large number of rows (STYLE.md §10): the exact
numbers are the baseline below; they do not grow with the number of rounds, visits and requests."""

from datetime import date, timedelta

from supervision.models import RectificationRequest, SupervisionRound, SupervisionVisit
from supervision.selectors.rectifications import rectification_counts
from tests.queries import assert_page_queries, exact_queries

QUERIES = {
    ("/supervision/rounds/", "regulator"): 13,
    ("/supervision/rectifications/", "regulator"): 13,
    ("/supervision/rectifications/", "cb_manager"): 13,
    ("/supervision/rectifications/", "district"): 13,
    ("/api/v1/supervision-rounds/", "regulator"): 8,
    ("/api/v1/supervision-visits/", "regulator"): 9,
    ("/api/v1/supervision-visits/", "district"): 9,
    ("/api/v1/rectification-requests/", "regulator"): 8,
    ("/api/v1/rectification-requests/", "cb_manager"): 8,
}


def _add(cast, n: int) -> None:
    """n rounds, each with a visit to the district and one to the body, each asking its party (one overdue)."""
    for i in range(n):
        round_ = SupervisionRound.objects.create(
            campaign=cast.campaign, title=f"批量督导{i}", starts_on=date(2023, 6, 1), created_by=cast.regulator
        )
        for party in ({"member_unit": cast.district_unit}, {"body": cast.body}, {"enterprise": cast.enterprise}):
            visit = SupervisionVisit.objects.create(
                round=round_, visited_on=date(2023, 6, 10), observations="x", created_by=cast.regulator, **party
            )
            visit.staff.set([cast.regulator])
            RectificationRequest.objects.create(
                visit=visit,
                campaign=cast.campaign,
                asked=f"整改{i}",
                due_on=date(2023, 7, 1) + timedelta(days=i),
                state="closed" if i % 3 == 0 else "open",
                created_by=cast.regulator,
                **party,
            )


def _users(cast):
    return {"regulator": cast.regulator, "cb_manager": cast.cb_manager, "district": cast.district}


def test_supervision_lists_cost_a_fixed_number_of_queries(cast, client):
    users = _users(cast)
    _add(cast, 2)
    for (url, role), expected in QUERIES.items():
        client.force_login(users[role])
        assert_page_queries(client, url, expected)
    _add(cast, 25)
    for (url, role), expected in QUERIES.items():
        client.force_login(users[role])
        assert_page_queries(client, url, expected)


def test_rectification_counts_take_one_query_whatever_the_number_of_parties(cast):
    _add(cast, 3)
    with exact_queries(1):
        counts = rectification_counts(cast.campaign, date(2023, 7, 3))
    assert counts[("member_unit", cast.district_unit.pk)] == {"total": 3, "open": 2, "overdue": 1, "closed": 1}
    assert counts[("body", cast.body.pk)]["total"] == 3
    assert counts[("enterprise", cast.enterprise.pk)]["open"] == 2
    _add(cast, 20)
    with exact_queries(1):
        counts = rectification_counts(cast.campaign, date(2023, 7, 3))
    assert counts[("body", cast.body.pk)]["total"] == 23
