"""Time the main list selectors at 50 and 50,000 enterprises on a throwaway database (``make bench``).

A benchmark, not a test: it prints milliseconds (median of several runs) and query counts per selector and size. The
query counts must not grow with N (DESIGN.md §1); the times show what the rows themselves cost.
With no DATABASE_URL it runs on a temporary SQLite file; with DATABASE_URL it creates and drops ``bench_<name>``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="portal-bench-"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.generate import generate  # noqa: E402
from campaign.models import Campaign  # noqa: E402
from campaign.selectors import campaign_list, home_agenda, kickoff_status  # noqa: E402
from enterprises.models import Enterprise  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "50,50000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))


def _enterprise_page(user):
    queryset = Enterprise.objects.visible_to(user).select_related("district").order_by("name")
    return list(queryset[:50]), queryset.count()


def _api_list(path):
    """The API list endpoint ``path`` as the user (a page of 50 with its count), through DRF in-process."""

    def run(made, user):
        from rest_framework.test import APIClient

        client = APIClient()
        client.force_authenticate(user=user)
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    return run


SELECTORS = {
    "campaign_list (regulator)": lambda made, user: list(campaign_list(user=user)),
    "kickoff_status (regulator)": lambda made, user: kickoff_status(campaign=made["campaign"], user=user),
    "home_agenda (regulator)": lambda made, user: home_agenda(user=user),
    "home_agenda (district)": lambda made, user: home_agenda(user=user),
    "enterprise first page + count (regulator)": lambda made, user: _enterprise_page(user),
    "GET /api/v1/enterprises/ (regulator)": _api_list("/api/v1/enterprises/"),
    "GET /api/v1/enterprises/ (district)": _api_list("/api/v1/enterprises/"),
    "GET /api/v1/member-units/ (regulator)": _api_list("/api/v1/member-units/"),
}


def _measure(made, name, selector):
    key = "district_user" if "(district)" in name else "regulator"
    user_pk = made[key].pk
    times, queries = [], 0
    for _ in range(REPEAT + 1):  # the first run warms caches and is not counted
        user = User.objects.get(pk=user_pk)  # a fresh user, as in a new request: its scope is looked up again
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            selector(made, user)
            elapsed = time.perf_counter() - started
        times.append(elapsed)
        queries = len(captured)
    return statistics.median(times[1:]) * 1000, queries


def main() -> None:
    settings_db = connection.settings_dict
    if settings_db["ENGINE"].endswith("postgresql"):
        settings_db["TEST"]["NAME"] = f"bench_{settings_db['NAME']}"
    print(f"database: {connection.vendor}; {REPEAT} runs per cell, median")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        results = {}
        for size in SIZES:
            started = time.perf_counter()
            made = generate(tenant_name=f"基准市{size}", enterprises=size)
            units = made["campaign"].tenant.member_units.count()
            print(f"generated {size:,} enterprises in {units:,} districts in {time.perf_counter() - started:.1f} s")
            made["campaign"] = Campaign.objects.get(pk=made["campaign"].pk)
            for name, selector in SELECTORS.items():
                results[(name, size)] = _measure(made, name, selector)
        header = f"{'selector':44}" + "".join(f"{f'N={size:,}':>22}" for size in SIZES)
        print()
        print(header)
        print("-" * len(header))
        for name in SELECTORS:
            cells = "".join(f"{results[(name, s)][0]:>10.1f} ms {results[(name, s)][1]:>3} q   " for s in SIZES)
            print(f"{name:44}{cells}")
    finally:
        connection.creation.destroy_test_db(settings_db["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
