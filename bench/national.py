"""A national-scale data set on PostgreSQL (issue 12): 31 tenants (one per province), each sized like a 31-district
city, with certification bodies, experts, enrolments in realistic states, visits, trainings with attendance,
diagnoses with problems, and before/after outcome figures.

    .venv/bin/python bench/national.py                 # into postgres://postgres@127.0.0.1:5432/portal_bench
    .venv/bin/python bench/national.py --reset         # drop and rebuild it
    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/national.py --per-tenant 500   # smaller

Sizes at the defaults: 31 × 3,300 = 102,300 enterprises and enrolments, 31 × 70 = 2,170 experts, 7 visits per
enrolment past screening (~573,000), 31 × 1,650 = 51,150 trainings with ~10 attending enterprises each (~540,000
attendance rows), 3 problems per diagnosis, outcome figures for every enrolment with results delivered.

How: the tenants, their districts, users and campaigns through bench/generate.py (Django, bulk_create), the bodies
and experts with bulk_create, and every large table with one ``INSERT … SELECT`` over ``generate_series`` inside
PostgreSQL — no row crosses the wire, which is faster than COPY from Python. No change history is written (as in
bench/generate.py): the history tables are not what the benchmarks read. PostgreSQL only: on SQLite it refuses.

The first tenant (基准天津) is "the city": the city-dashboard benchmark uses it. ``dataset()`` returns the ids the load
benchmark needs (users per role, the city tenant, a district, a body).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"
PREFIX = "基准"
PROVINCES = [
    "天津", "北京", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西", "山东",
    "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆",
]  # fmt: skip
DISTRICTS = 31
BODIES_PER_TENANT = 5
EXPERTS_PER_TENANT = 70
TRAININGS_PER_TENANT = 1650
VISITS_PER_ENROLMENT = 7
PROBLEMS_PER_DIAGNOSIS = 3

# Realistic states: id % 20 picks one; most enterprises are in the middle of the assistance, a few ended early.
STATE_SQL = """CASE e.id % 20
    WHEN 0 THEN 'nominated' WHEN 1 THEN 'screened' WHEN 2 THEN 'rejected' WHEN 3 THEN 'withdrawn'
    WHEN 4 THEN 'assigned' WHEN 5 THEN 'assigned' WHEN 6 THEN 'diagnosed' WHEN 7 THEN 'diagnosed'
    WHEN 8 THEN 'building' WHEN 9 THEN 'building' WHEN 10 THEN 'building'
    WHEN 11 THEN 'operating' WHEN 12 THEN 'operating' WHEN 13 THEN 'operating'
    WHEN 14 THEN 'reviewed' WHEN 15 THEN 'reviewed' WHEN 16 THEN 'results' WHEN 17 THEN 'results'
    ELSE 'closed' END"""
ASSIGNED_OR_LATER = "('assigned','diagnosed','building','operating','reviewed','results','closed')"
DIAGNOSED_OR_LATER = "('diagnosed','building','operating','reviewed','results','closed')"
OPERATING_OR_LATER = "('operating','reviewed','results','closed')"
RESULTS_OR_LATER = "('results','closed')"


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def ensure_database(url: str, *, reset: bool) -> bool:
    """Create the database named in ``url`` (drop it first with ``reset``); True when it was created now.

    Refuses the names ``postgres``, ``test`` and the template databases: they are not the benchmark's to drop."""
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if name in {"postgres", "test", "template0", "template1"} or not name:
        raise SystemExit(f"refusing to use the database {name!r} for the benchmark")
    admin = psycopg2.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username or "postgres", dbname="template1"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and reset:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return not exists


def setup_django(url: str, settings_module: str = "portal.settings") -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def _skeletons(per_tenant: int) -> None:
    """Tenants, districts, users, campaigns and enterprises (bench/generate.py), then bodies and experts."""
    from accounts.models import Membership, Organisation, OrganisationKind, Role, User
    from assistance.models import CertificationBody, Expert
    from bench.generate import generate
    from campaign.models import MemberUnit

    per_district = -(-per_tenant // DISTRICTS)  # ceil: exactly 31 districts per tenant
    for number, province in enumerate(PROVINCES, start=1):
        made = generate(tenant_name=f"{PREFIX}{province}", enterprises=per_tenant, per_district=per_district)
        tenant = made["tenant"]
        orgs = Organisation.objects.bulk_create(
            Organisation(tenant=tenant, kind=OrganisationKind.CERTIFICATION_BODY, name=f"{province}基准认证机构{b + 1}")
            for b in range(BODIES_PER_TENANT)
        )
        bodies = CertificationBody.objects.bulk_create(
            CertificationBody(
                tenant=tenant, organisation=org, name=org.name, approval_number=f"CNCA-R-{number:02d}-{b + 1:03d}"
            )
            for b, org in enumerate(orgs)
        )
        tag = f"{tenant.pk:04d}"
        users = [User(username=f"bench-{tag}-expert-{x:03d}") for x in range(EXPERTS_PER_TENANT)]
        manager = User(username=f"bench-{tag}-body")
        for user in (*users, manager):
            user.set_unusable_password()
        User.objects.bulk_create([*users, manager])
        units = list(MemberUnit.objects.filter(tenant=tenant).order_by("sort_order"))
        Membership.objects.bulk_create(
            [
                *(
                    Membership(user=user, organisation=orgs[x % BODIES_PER_TENANT], role=Role.EXPERT)
                    for x, user in enumerate(users)
                ),
                Membership(user=manager, organisation=orgs[0], role=Role.CB_MANAGER),
            ]
        )
        Expert.objects.bulk_create(
            Expert(
                user=user,
                body=bodies[x % BODIES_PER_TENANT],
                home_district=units[x % len(units)],
                specialties=["ISO 9001"],
            )
            for x, user in enumerate(users)
        )


# One statement per table, over every bench tenant at once. bench_tenant / bench_expert are temporary helper tables.
BULK = [
    (
        "helpers",
        f"""
        CREATE TEMP TABLE bench_tenant AS
        SELECT t.id AS tenant_id, c.id AS campaign_id, make_date(c.year, 3, 1) AS start_on,
               (SELECT m.user_id FROM accounts_membership m JOIN accounts_organisation o ON o.id = m.organisation_id
                 WHERE o.tenant_id = t.id AND m.role = 'regulator' LIMIT 1) AS regulator_id,
               (SELECT count(*) FROM assistance_expert x JOIN campaign_memberunit u ON u.id = x.home_district_id
                 WHERE u.tenant_id = t.id) AS experts
          FROM campaign_tenant t JOIN campaign_campaign c ON c.tenant_id = t.id
         WHERE t.name LIKE '{PREFIX}%';
        CREATE TEMP TABLE bench_expert AS
        SELECT u.tenant_id, x.id AS expert_id, x.user_id,
               row_number() OVER (PARTITION BY u.tenant_id ORDER BY x.id) - 1 AS rn
          FROM assistance_expert x JOIN campaign_memberunit u ON u.id = x.home_district_id
         WHERE u.tenant_id IN (SELECT tenant_id FROM bench_tenant);
        CREATE INDEX ON bench_expert (tenant_id, rn);
        """,
    ),
    (
        "enrolments",
        f"""
        INSERT INTO enterprises_enrolment (state, nominated_at, operation_started_on, version, campaign_id,
                                           enterprise_id, nominated_by_id, late_nomination_reason)
        SELECT {STATE_SQL}, now(), CASE WHEN e.id % 20 BETWEEN 11 AND 19 THEN bt.start_on + 60 END, 1,
               bt.campaign_id, e.id, bt.regulator_id, ''
          FROM enterprises_enterprise e JOIN bench_tenant bt ON bt.tenant_id = e.tenant_id
        """,
    ),
    (
        "assignments",
        f"""
        INSERT INTO assistance_assignment (assigned_at, overridden_rules, override_reason, ended_reason,
                                           assigned_by_id, enrolment_id, expert_id, late_reason)
        SELECT now(), '[]', '', '', bt.regulator_id, n.id, bx.expert_id, ''
          FROM enterprises_enrolment n JOIN enterprises_enterprise e ON e.id = n.enterprise_id
          JOIN bench_tenant bt ON bt.campaign_id = n.campaign_id
          JOIN bench_expert bx ON bx.tenant_id = bt.tenant_id AND bx.rn = n.id % bt.experts
         WHERE n.state IN {ASSIGNED_OR_LATER}
        """,
    ),
    (
        "visits",
        f"""
        INSERT INTO assistance_visit (kind, visited_on, starts_at, ends_at, participants, notes, created_at,
                                      created_by_id, enrolment_id, expert_id)
        SELECT (ARRAY['survey','system_building','training','system_building','internal_audit',
                      'management_review','follow_up'])[g],
               bt.start_on + ((n.id * 7 + g * 23) % 200)::int, time '09:00' + (g % 3) * interval '1 hour',
               time '11:30' + (g % 3) * interval '1 hour', '企业负责人、质量负责人', '', now(),
               x.user_id, n.id, a.expert_id
          FROM enterprises_enrolment n JOIN bench_tenant bt ON bt.campaign_id = n.campaign_id
          JOIN assistance_assignment a ON a.enrolment_id = n.id JOIN assistance_expert x ON x.id = a.expert_id
          CROSS JOIN generate_series(1, {VISITS_PER_ENROLMENT}) AS g
         WHERE n.state IN {ASSIGNED_OR_LATER}
        """,
    ),
    (
        "diagnoses",
        f"""
        INSERT INTO assistance_diagnosis (diagnosed_on, legal_qualifications_ok, dishonesty_list_checked,
                                          no_quality_penalty, overall_state, starting_point, resource_limits,
                                          policy_changes, version, diagnosed_by_id, enrolment_id)
        SELECT bt.start_on + 20 + (n.id % 30)::int, true, true, true, '质量管理基础薄弱', '从文件化体系入手', '', '', 1,
               x.user_id, n.id
          FROM enterprises_enrolment n JOIN bench_tenant bt ON bt.campaign_id = n.campaign_id
          JOIN assistance_assignment a ON a.enrolment_id = n.id JOIN assistance_expert x ON x.id = a.expert_id
         WHERE n.state IN {DIAGNOSED_OR_LATER}
        """,
    ),
    (
        "problems",
        f"""
        INSERT INTO assistance_problem (category, description, urgency, enterprise_ideas, measures, owner, due_on,
                                        status, version, diagnosis_id, solution_note)
        SELECT (ARRAY['文件控制','过程控制','检验检测'])[g], '问题描述', (ARRAY['high','medium','low'])[g], '',
               '整改措施', '质量负责人', d.diagnosed_on + 60,
               CASE WHEN n.state IN {OPERATING_OR_LATER} THEN (ARRAY['solved','verified','solved'])[g]
                    WHEN g = 1 THEN 'in_progress' ELSE 'open' END,
               1, d.id, ''
          FROM assistance_diagnosis d JOIN enterprises_enrolment n ON n.id = d.enrolment_id
          JOIN bench_tenant bt ON bt.campaign_id = n.campaign_id
          CROSS JOIN generate_series(1, {PROBLEMS_PER_DIAGNOSIS}) AS g
        """,
    ),
    (
        "outcomes",
        f"""
        INSERT INTO enterprises_outcomefigures (revenue_baseline, revenue_end, profit_margin_baseline,
               profit_margin_end, quality_cost_rate_baseline, quality_cost_rate_end, pass_rate_baseline, pass_rate_end,
               complaints_baseline, complaints_end, on_time_delivery_baseline, on_time_delivery_end, updated_at,
               version, enrolment_id, updated_by_id)
        SELECT 500 + n.id % 900, 560 + n.id % 950, 8 + n.id % 5, 9 + n.id % 6, 4 + n.id % 3, 3 + n.id % 3,
               90 + n.id % 5, 94 + n.id % 5, 6 + n.id % 7, 2 + n.id % 4, 88 + n.id % 6, 93 + n.id % 6, now(), 1,
               n.id, bt.regulator_id
          FROM enterprises_enrolment n JOIN bench_tenant bt ON bt.campaign_id = n.campaign_id
         WHERE n.state IN {RESULTS_OR_LATER}
        """,
    ),
    (
        "trainings",
        f"""
        INSERT INTO assistance_training (kind, tier, held_on, topic, person_times, materials, materials_name,
                                         campaign_id, created_by_id, district_id, organiser_id)
        SELECT (ARRAY['centralised','industry','one_to_one','tiered','online'])[1 + g % 5],
               CASE WHEN g % 5 = 3 THEN 'leaders' ELSE '' END, bt.start_on + g % 200, '质量管理体系培训',
               20 + g % 40, '', '', bt.campaign_id, bt.regulator_id, u.id, u.organisation_id
          FROM bench_tenant bt CROSS JOIN generate_series(0, {TRAININGS_PER_TENANT} - 1) AS g
          JOIN LATERAL (SELECT id, organisation_id FROM campaign_memberunit
                         WHERE tenant_id = bt.tenant_id ORDER BY sort_order OFFSET g % {DISTRICTS} LIMIT 1) u ON true
        """,
    ),
    (
        "attendance",
        """
        INSERT INTO assistance_training_enterprises (training_id, enterprise_id)
        SELECT t.id, e.id
          FROM assistance_training t JOIN bench_tenant bt ON bt.campaign_id = t.campaign_id
          JOIN enterprises_enterprise e ON e.district_id = t.district_id AND (e.id + t.id) % 10 = 0
        """,
    ),
]

COUNTED = {
    "tenants": "campaign_tenant",
    "districts": "campaign_memberunit",
    "certification bodies": "assistance_certificationbody",
    "experts": "assistance_expert",
    "users": "accounts_user",
    "enterprises": "enterprises_enterprise",
    "enrolments": "enterprises_enrolment",
    "assignments": "assistance_assignment",
    "visits": "assistance_visit",
    "trainings": "assistance_training",
    "attendance": "assistance_training_enterprises",
    "diagnoses": "assistance_diagnosis",
    "problems": "assistance_problem",
    "outcomes": "enterprises_outcomefigures",
}


def counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        out = {}
        for label, table in COUNTED.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - table names are constants above
            out[label] = cursor.fetchone()[0]
    return out


def build(*, per_tenant: int = 3300, log=print) -> dict[str, int]:
    """Fill the (migrated, empty) configured PostgreSQL database; returns the row counts. Prints each step's time."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        raise SystemExit("bench/national.py runs on PostgreSQL only (set BENCH_DATABASE_URL)")
    started = time.perf_counter()
    _skeletons(per_tenant)
    log(f"  tenants, districts, users, bodies, experts, enterprises: {time.perf_counter() - started:.1f} s")
    with transaction.atomic(), connection.cursor() as cursor:
        for label, sql in BULK:
            step = time.perf_counter()
            cursor.execute(sql)
            log(f"  {label}: {time.perf_counter() - step:.1f} s")
    with connection.cursor() as cursor:
        step = time.perf_counter()
        # VACUUM too: the visibility map lets a page of ids come from an index alone (portal.api_pagination), as
        # autovacuum would make it some minutes after a bulk load.
        cursor.execute("VACUUM ANALYZE")
        log(f"  vacuum, analyze: {time.perf_counter() - step:.1f} s")
    count_figures(log=log, every=True)
    return counts()


def count_figures(*, log=print, every: bool = False) -> None:
    """The running counts behind the figures (evaluation.services.counts) for the campaigns loaded in bulk above,
    which no signal saw: every campaign (``every``), else those never counted (a data set built before the counts)."""
    from django.db import connection

    from campaign.models import Campaign
    from evaluation.models import FigureCount
    from evaluation.models.counts import COUNTED as COUNTED_METRIC
    from evaluation.models.counts import META
    from evaluation.services.counts import counts_recount

    campaigns = Campaign.objects.filter(tenant__name__startswith=PREFIX).order_by("pk")
    if not every:
        counted = FigureCount.objects.filter(scope=META, metric=COUNTED_METRIC, value=1).values("campaign_id")
        campaigns = campaigns.exclude(pk__in=counted)
    step = time.perf_counter()
    done = 0
    for campaign in campaigns:
        counts_recount(campaign)
        done += 1
    if done:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE evaluation_figurecount, evaluation_figuresource")
        log(f"  running counts of {done} campaigns: {time.perf_counter() - step:.1f} s")


def dataset() -> dict:
    """What the load benchmark needs from a built data set: user ids by role and the city tenant's ids."""
    from accounts.models import User
    from assistance.models import CertificationBody
    from campaign.models import MemberUnit, Tenant

    city = Tenant.objects.get(name=f"{PREFIX}{PROVINCES[0]}")
    tag = f"{city.pk:04d}"
    district = MemberUnit.objects.filter(tenant=city).order_by("sort_order").first()
    body = CertificationBody.objects.filter(tenant=city).order_by("pk").first()
    assert district is not None and body is not None
    return {
        "tenant": city.pk,
        "district": district.pk,
        "body": body.pk,
        "regulator": User.objects.get(username=f"bench-{tag}-regulator").pk,
        "district_user": User.objects.get(username=f"bench-{tag}-district").pk,
        "body_user": User.objects.get(username=f"bench-{tag}-body").pk,
    }


def is_built() -> bool:
    from campaign.models import Tenant

    return Tenant.objects.filter(name__startswith=PREFIX).count() == len(PROVINCES)


def prepare(*, reset: bool = False, per_tenant: int = 3300, log=print) -> dict[str, int]:
    """Create, migrate and fill the benchmark database unless it is already built; returns the row counts."""
    from django.core.management import call_command

    url = database_url()
    ensure_database(url, reset=reset)
    call_command("migrate", verbosity=0, interactive=False)
    if is_built():
        log(f"reusing the national data set in {urlparse(url).path.lstrip('/')}")
        count_figures(log=log)
        return counts()
    log(f"building the national data set in {urlparse(url).path.lstrip('/')} ({per_tenant:,} enterprises per tenant)")
    started = time.perf_counter()
    made = build(per_tenant=per_tenant, log=log)
    log(f"built in {time.perf_counter() - started:.1f} s")
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="drop and rebuild the benchmark database")
    parser.add_argument("--per-tenant", type=int, default=3300, help="enterprises per tenant (31 tenants)")
    args = parser.parse_args()
    url = database_url()
    ensure_database(url, reset=args.reset)
    setup_django(url)
    made = prepare(per_tenant=args.per_tenant)
    for label, number in made.items():
        print(f"  {label:22} {number:>10,}")


if __name__ == "__main__":
    main()
