"""The campaign app's query-count baseline (STYLE.md §10, NetBox's per-app baselines): the exact number of queries
each page, endpoint and selector costs, the same at a small and a large number of rows (DESIGN.md §1: the same
cost at 50 rows as at 50,000). Asserted with ``tests.queries``; a change to a number needs a reason in the commit.

Counted for a freshly signed-in user (the scope lookup is included) on SQLite; reads, so the same on PostgreSQL.
"""

QUERIES = {
    # HTML pages, as the regulator
    "/": 17,  # + the overdue rectifications (issue 10, supervision), + its own next steps (evaluation)
    "/campaign/campaigns/": 9,
    "/campaign/member-units/": 13,
    "/campaign/kickoffs/": 14,
    "/campaign/kickoffs/<pk>/": 11,
    # API, as the regulator
    "/api/v1/campaigns/": 4,
    "/api/v1/member-units/": 3,
    "/api/v1/kickoff-meetings/": 4,
    # selectors
    # + the district-submission check (submissions): the regulator's two (submissions, districts), the district's one
    "home_agenda[regulator]": 10,
    "home_agenda[district]": 9,
    "home_agenda[expert]": 8,
}
