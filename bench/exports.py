"""The national 帮扶小微企业名单 at 100,000 rows (issue 11): time and peak memory of the report job's Excel kind,
``reporting.exports.assisted_list`` (gather the summary snapshot, then stream the rows into a write-only sheet).

A benchmark, not a test. On a throwaway database (SQLite file, or ``bench_<name>`` with DATABASE_URL) it builds a
tenant with bench/generate.py, enrols every enterprise, assigns each to one of N/100 experts and gives one in ten a
certificate, then writes the list at each size in BENCH_EXPORT_SIZES (default 10,000 and 100,000 rows) and prints
the time (an untraced run), the rows in the file, the file's size and the Python heap's peak during the write (a
second run under tracemalloc) and the process's maximum resident size. Constant
memory means the peak does not grow with the rows: the rows are read in chunks (``iterator(chunk_size=2000)``) and
openpyxl's write-only sheet writes each row to a temporary file as inline strings (no shared-strings table).

    .venv/bin/python bench/exports.py

Last results (SQLite, 2 shared cores, 2026-11-30):

         rows   written    gather     total    rows/s       file   heap peak
       10,000    10,000     0.04s     10.4s       962      0.6MB      29.1MiB
      100,000   100,000     0.28s     53.4s     1,874      5.5MB      32.8MiB

The peak is one chunk of 2,000 enrolments with their prefetched experts and certificates (~20–30 MiB), whatever the
length of the list.
    BENCH_EXPORT_SIZES=1000,100000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/exports.py
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="portal-bench-"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.generate import BATCH, generate  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_EXPORT_SIZES", "10000,100000").split(",")]


def _assist(made: dict) -> None:
    """Enrol every enterprise of the tenant, assign each to an expert (100 per expert: the bench ignores R2), and
    certify one in ten."""
    from datetime import date

    from accounts.models import Organisation, OrganisationKind, User
    from assistance.models import Assignment, CertificationBody, Expert
    from enterprises.models import Certificate, Enrolment, Enterprise

    tenant, campaign, regulator = made["tenant"], made["campaign"], made["regulator"]
    org = Organisation.objects.create(tenant=tenant, kind=OrganisationKind.CERTIFICATION_BODY, name="基准认证中心")
    body = CertificationBody.objects.create(
        tenant=tenant, organisation=org, name="基准认证中心", approval_number="CNCA-R-0000-001"
    )
    ids = list(Enterprise.objects.filter(tenant=tenant).order_by("pk").values_list("pk", "district_id"))
    users = User.objects.bulk_create(
        User(username=f"bench-{tenant.pk}-expert-{n}", display_name=f"专家{n:05d}") for n in range(len(ids) // 100 + 1)
    )
    experts = Expert.objects.bulk_create(
        Expert(user=user, body=body, home_district_id=ids[0][1], phone="13800000000") for user in users
    )
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(enterprise_id=pk, campaign=campaign, nominated_by=regulator, state="operating")
            for pk, _d in chunk
        )
        Assignment.objects.bulk_create(
            Assignment(enrolment=e, expert=experts[(start + i) // 100], assigned_by=regulator)
            for i, e in enumerate(enrolments)
        )
        Certificate.objects.bulk_create(
            Certificate(
                enterprise_id=pk, issuing_body="基准认证中心", number=f"00{pk:08d}QMS", issued_on=date(2022, 1, 1),
                expires_on=date(2025, 1, 1),
            )
            for pk, _d in chunk[::10]
        )  # fmt: skip


def _write(made: dict, *, traced: bool) -> dict:
    """Gather and write the list once; with ``traced`` the Python heap is traced (tracemalloc slows the run several
    times, so the time is taken from an untraced run)."""
    from django.utils import timezone

    from reporting.exports.assisted_list import KIND
    from reporting.kinds import ReportScope

    steps = []
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        if traced:
            tracemalloc.start()
        started = time.perf_counter()
        snapshot = KIND.gather(ReportScope(campaign=made["campaign"]), timezone.localdate())
        gathered = time.perf_counter() - started
        KIND.write(snapshot, handle, lambda done, total: steps.append(done))
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
        if traced:
            tracemalloc.stop()
        handle.flush()
        size = os.path.getsize(handle.name)
    return {"rows": snapshot["rows"], "written": steps[-1], "gather_s": gathered, "total_s": elapsed, "peak": peak,
            "bytes": size}  # fmt: skip


def main() -> None:
    from django.conf import settings

    settings.DEBUG = False  # as in a worker: no log of every query's SQL (it grows with the chunks of a long list)
    settings_db = connection.settings_dict
    if settings_db["ENGINE"].endswith("postgresql"):
        settings_db["TEST"]["NAME"] = f"bench_{settings_db['NAME']}"
    print(f"database: {connection.vendor}")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        results = []
        for size in SIZES:
            started = time.perf_counter()
            made = generate(tenant_name=f"名单市{size}", enterprises=size)
            _assist(made)
            print(f"generated and assisted {size:,} enterprises in {time.perf_counter() - started:.1f} s")
            timed = _write(made, traced=False)
            timed["peak"] = _write(made, traced=True)["peak"]
            results.append(timed)
        print()
        print(f"{'rows':>9} {'written':>9} {'gather':>9} {'total':>9} {'rows/s':>9} {'file':>10} {'heap peak':>11}")
        for r in results:
            print(
                f"{r['rows']:>9,} {r['written']:>9,} {r['gather_s']:>8.2f}s {r['total_s']:>8.1f}s "
                f"{r['rows'] / r['total_s']:>9,.0f} {r['bytes'] / 1e6:>8.1f}MB {r['peak'] / 2**20:>9.1f}MiB"
            )
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"process maximum resident size: {maxrss:.0f} MiB (the whole run, data generation included)")
    finally:
        connection.creation.destroy_test_db(settings_db["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
