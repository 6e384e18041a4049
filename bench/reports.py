"""The final summary report (总结评估报告) at national scale: 16 districts × 5,000 enterprises (issue 11).

Builds a throwaway tenant with ``bench/generate.py`` (80,000 enterprises by default), enrols every enterprise in the
campaign with a certification body's expert assigned and outcome figures for four in five of them, then — in a fresh
process, so generating the data does not count — makes the city's final report exactly as a report job does
(``kind.gather(scope, today)`` then ``kind.write(snapshot, handle, progress)``) and prints:

- the wall time of gathering the snapshot, of rendering the HTML from it, of WeasyPrint laying out and writing that
  finished HTML (every part: the body twice and the appendix in parts, ``_common.write_with_appendix``; timed inside
  the same call), of joining the parts, and of the whole;
- our overhead (the whole less the WeasyPrint time) as a share of the WeasyPrint time (target ≤ 25 %);
- the peak resident memory of the measuring process (``resource.getrusage`` maxrss; target < 1 GiB) and the pages
  and bytes of the PDF.

    .venv/bin/python bench/reports.py                              # 80,000 enterprises, temporary SQLite file
    .venv/bin/python bench/reports.py --enterprises 8000 --per-district 500
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/reports.py   # bench_portal, dropped

A benchmark, not a test: nothing is asserted; the numbers go to bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="portal-bench-reports-"))

BATCH = 5000
STATES = ["operating", "reviewed", "results", "closed", "building", "diagnosed", "results", "closed", "withdrawn"]


def _populate(campaign, regulator, *, bodies: int = 20) -> None:
    """Enrol every enterprise of the campaign's tenant, assign each to one of ``bodies`` bodies' experts, record
    outcome figures for 4 in 5 (bulk inserts, no history)."""
    from accounts.models import Membership, Organisation, OrganisationKind, Role, User
    from assistance.models import Assignment, CertificationBody, Expert
    from enterprises.models import Enrolment, Enterprise, OutcomeFigures

    tenant = campaign.tenant
    units = list(tenant.member_units.order_by("sort_order"))
    orgs = Organisation.objects.bulk_create(
        Organisation(tenant=tenant, kind=OrganisationKind.CERTIFICATION_BODY, name=f"基准认证中心{b + 1:02d}有限公司")
        for b in range(bodies)
    )
    made = CertificationBody.objects.bulk_create(
        CertificationBody(tenant=tenant, organisation=org, name=org.name, approval_number=f"CNCA-R-2026-{b:03d}")
        for b, org in enumerate(orgs)
    )
    users = User.objects.bulk_create(User(username=f"bench-expert-{tenant.pk}-{b}") for b in range(bodies))
    Membership.objects.bulk_create(
        Membership(user=user, organisation=org, role=Role.EXPERT) for user, org in zip(users, orgs, strict=True)
    )
    experts = Expert.objects.bulk_create(
        Expert(user=user, body=body, home_district=units[b % len(units)])
        for b, (user, body) in enumerate(zip(users, made, strict=True))
    )
    rng = random.Random(11)
    ids = list(Enterprise.objects.filter(tenant=tenant).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(enterprise_id=pk, campaign=campaign, state=STATES[pk % len(STATES)], nominated_by=regulator)
            for pk in chunk
        )
        Assignment.objects.bulk_create(
            Assignment(enrolment=e, expert=experts[e.enterprise_id % bodies], assigned_by=regulator) for e in enrolments
        )
        OutcomeFigures.objects.bulk_create(
            OutcomeFigures(
                enrolment=e,
                revenue_baseline=Decimal(rng.randint(100, 5000)),
                revenue_end=Decimal(rng.randint(100, 5500)),
                profit_margin_baseline=Decimal(rng.randint(-5, 20)),
                profit_margin_end=Decimal(rng.randint(-3, 22)),
                quality_cost_rate_baseline=Decimal(rng.randint(2, 9)),
                quality_cost_rate_end=Decimal(rng.randint(1, 8)),
                pass_rate_baseline=Decimal(rng.randint(85, 99)),
                pass_rate_end=Decimal(rng.randint(88, 100)),
                complaints_baseline=rng.randint(0, 12),
                complaints_end=rng.randint(0, 8),
                on_time_delivery_baseline=Decimal(rng.randint(80, 98)),
                on_time_delivery_end=Decimal(rng.randint(85, 100)),
                updated_by=regulator,
            )
            for e in enrolments
            if e.enterprise_id % 5
        )


def measure(campaign_id: int, out: Path) -> dict:
    """Make the city's final report of ``campaign_id`` into ``out``; the timings, pages and peak memory."""
    import django

    django.setup()
    from campaign.models import Campaign
    from campaign.selectors import today_local
    from reporting.documents import _common
    from reporting.kinds import ReportScope, kind

    timings: dict[str, float] = {"html": 0.0, "weasyprint": 0.0, "merge": 0.0}

    def timed(name: str, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timings[name] += time.perf_counter() - started

        return wrapper

    # The steps of kind.write, timed where they are called (reporting/documents/_common.py).
    _common.render_html = timed("html", _common.render_html)
    _common.layout = timed("weasyprint", _common.layout)
    _common.write_pdf = timed("weasyprint", _common.write_pdf)
    _common.merge_pdfs = timed("merge", _common.merge_pdfs)
    report = kind("final")
    campaign = Campaign.objects.select_related("tenant").get(pk=campaign_id)
    started = time.perf_counter()
    snapshot = report.gather(ReportScope(campaign=campaign), today_local())
    timings["gather"] = time.perf_counter() - started
    after_gather = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    snapshot_bytes = len(json.dumps(snapshot, ensure_ascii=False).encode())
    with out.open("wb") as handle:
        report.write(snapshot, handle, lambda done, total: None)
    timings["total"] = time.perf_counter() - started
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    return {
        **timings,
        "rows": len(snapshot["appendix"]["rows"]),
        "snapshot_mib": snapshot_bytes / 2**20,
        "pages": next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?"),
        "pdf_mib": out.stat().st_size / 2**20,
        "peak_after_gather_mib": after_gather / 1024,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=80_000)
    parser.add_argument("--per-district", type=int, default=5_000)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)  # the child process: a campaign id
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "bench-final-report.pdf"))
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, Path(args.out))))
        return

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import generate

    settings_db = connection.settings_dict
    env = dict(os.environ)
    postgres = settings_db["ENGINE"].endswith("postgresql")
    if postgres:  # a database of its own, dropped afterwards; the measuring child connects to it
        settings_db["TEST"]["NAME"] = f"bench_{settings_db['NAME']}"
        test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + test_name
    else:  # the SQLite file in the temporary PORTAL_VAR_DIR, which the child inherits
        call_command("migrate", verbosity=0)
        test_name = str(settings_db["NAME"])
    try:
        started = time.perf_counter()
        made = generate(tenant_name="报告基准市", enterprises=args.enterprises, per_district=args.per_district)
        _populate(made["campaign"], made["regulator"])
        districts = made["campaign"].tenant.member_units.count()
        print(f"database: {connection.vendor} ({test_name})")
        print(
            f"generated {args.enterprises:,} enterprises in {districts} districts, enrolled and assigned, "
            f"in {time.perf_counter() - started:.1f} s"
        )
        connection.close()
        child = subprocess.run(
            [sys.executable, __file__, "--measure", str(made["campaign"].pk), "--out", args.out],
            env=env,
            capture_output=True,
            text=True,
        )
        if child.returncode:
            print(child.stderr, file=sys.stderr)
            raise SystemExit(child.returncode)
        result = json.loads(child.stdout.strip().splitlines()[-1])
    finally:
        if postgres:
            connection.creation.destroy_test_db(test_name, verbosity=0)
        else:
            Path(test_name).unlink(missing_ok=True)
    overhead = result["total"] - result["weasyprint"]
    print(f"final city report: {result['rows']:,} enterprises, {result['pages']} pages, {result['pdf_mib']:.1f} MiB")
    print(
        f"  gather (figures, scorecards, appendix)  {result['gather']:8.1f} s   snapshot {result['snapshot_mib']:.1f} MiB"
    )
    print(f"  HTML from the snapshot (all parts)      {result['html']:8.1f} s")
    print(f"  joining the parts (pypdf)               {result['merge']:8.1f} s")
    print(f"  WeasyPrint (finished HTML → PDF)        {result['weasyprint']:8.1f} s   layout and write, every part")
    print(f"  whole (gather + write)                  {result['total']:8.1f} s")
    print(
        f"  our overhead (whole − WeasyPrint)       {overhead:8.1f} s = {overhead / result['weasyprint'] * 100:.1f} % of WeasyPrint (target ≤ 25 %)"
    )
    print(
        f"  peak memory (maxrss)                    {result['peak_mib']:8.0f} MiB (after gather {result['peak_after_gather_mib']:.0f} MiB; target < 1024)"
    )


if __name__ == "__main__":
    main()
