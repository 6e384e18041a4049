"""Every API list endpoint answers a page with the same exact number of queries at a small and a larger size
(issue 12: "query counts of every list, dashboard and report selector are exact numbers and the same at 50 and at
50,000 rows"; bench/ shows the large sizes, this test the rule). The endpoints are found by walking the URL resolver,
so a new list endpoint is covered without being named here.
"""

from __future__ import annotations

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import Membership, Role, User
from enterprises.codes import make_credit_code
from enterprises.models import Enterprise
from tests.domain import populate_domain, populate_year

ROLES = ["regulator", "district", "bureau", "cb_manager", "expert", "enterprise", "reviewer"]


def list_routes(patterns=None, prefix: str = "") -> list[str]:
    """The paths of every parameterless DRF list route under /api/ (route names ending in ``-list``)."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += list_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and (pattern.name or "").endswith("-list"):
            if route.startswith("api/") and "<" not in route and "(?P" not in route:
                found.append("/" + route.replace("^", "").replace("$", ""))
    return sorted(set(found))


def grow(cast, copies: int) -> None:
    """``copies`` more of every row populate_domain makes, in the same tenant and districts (new enterprises, a new
    reviewer and auditor per copy), so every list the cast's users see gets longer."""
    reviewer_org = Membership.objects.get(user=cast.reviewer).organisation
    for k in range(copies):
        shadow = copy.copy(cast)
        shadow.tenant = copy.copy(cast.tenant)
        shadow.tenant.name = f"{cast.tenant.name}{k + 1}"  # only names rows (populate_domain's tag)
        shadow.regulator = User.objects.create_user(username=f"{cast.regulator.username}-{k + 1}")
        shadow.reviewer = User.objects.create_user(username=f"{cast.reviewer.username}-{k + 1}")
        Membership.objects.create(user=shadow.reviewer, organisation=reviewer_org, role=Role.REVIEWER)
        for attribute, unit, serial in (
            ("enterprise", cast.district_unit, 7000 + 2 * k),
            ("other_enterprise", cast.other_district_unit, 7001 + 2 * k),
        ):
            made = Enterprise.objects.create(
                tenant=cast.tenant,
                name=f"{cast.tenant.name}增量企业{serial}",
                credit_code=make_credit_code("120116", serial),
                district=unit,
                district_sort_order=unit.sort_order,
                is_foreign_trade=True,
            )
            setattr(shadow, attribute, made)
        populate_domain(shadow)
        populate_year(shadow)


def _counts(api, cast, routes) -> dict[tuple[str, str], tuple[int, int]]:
    counts = {}
    for role in ROLES:
        client = api(cast.users()[role])
        for route in routes:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(route)
            counts[(role, route)] = (response.status_code, len(captured))
    return counts


def test_the_walk_finds_the_list_endpoints():
    routes = list_routes()
    assert "/api/v1/enterprises/" in routes
    assert "/api/v1/visits/" in routes or any("visit" in route for route in routes)
    assert len(routes) > 20


@pytest.mark.django_db
def test_every_api_list_costs_the_same_queries_at_one_and_at_five_rows_per_kind(cast, api):
    populate_domain(cast)
    populate_year(cast)
    routes = list_routes()
    small = _counts(api, cast, routes)
    grow(cast, 4)
    large = _counts(api, cast, routes)
    errors = [f"{role} GET {route}: {code}" for (role, route), (code, _) in small.items() if code >= 500]
    assert not errors, errors
    assert any(code == 200 for code, _ in small.values())
    changed = [
        f"{role} GET {route}: {small[(role, route)][1]} queries at 1 row per kind, {large[(role, route)][1]} at 5"
        for role, route in small
        if small[(role, route)] != large[(role, route)]
    ]
    assert not changed, "\n".join(changed)
