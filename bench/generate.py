"""Generate a tenant at any scale: N enterprises spread over districts, each district with its staff organisation and
(mostly) a kickoff in the tenant's current-year campaign. Fast: bulk inserts, no change history, unusable passwords.

    python bench/generate.py --enterprises 50000 --tenant 基准市      # into the configured database (DATABASE_URL)

bench/run.py imports ``generate`` to build its throwaway databases; later benchmarks at national scale (30,000+
enterprises, ~2,800 counties) use it the same way.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

BATCH = 5000
SEVEN_CLUSTERS = [
    "auto_parts", "bicycles", "carpets", "hardware", "silk_flowers", "musical_instruments", "medical_devices",
]  # fmt: skip


def generate(*, tenant_name: str, enterprises: int, per_district: int = 100, kickoff_share: float = 0.9) -> dict:
    """Build the tenant and return its ids: ``tenant``, ``campaign``, ``regulator`` and ``district_user`` (users)."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Membership, Organisation, OrganisationKind, Role, User
    from campaign.calendars import TIANJIN_2023_DEADLINES, TIANJIN_2023_PHASES
    from campaign.models import KickoffMeeting, MemberUnit, Tenant
    from campaign.services import campaign_create
    from enterprises.codes import make_credit_code
    from enterprises.models import Enterprise

    year = timezone.localdate().year
    shift = lambda day: day.replace(year=year)  # noqa: E731 - the notice's calendar, moved to this year
    districts = max(16, math.ceil(enterprises / per_district))  # at least a Tianjin
    with transaction.atomic():
        tenant = Tenant.objects.create(name=tenant_name, regulator_name=f"{tenant_name}市场监督管理局")
        regulator_org = Organisation.objects.create(
            tenant=tenant, kind=OrganisationKind.REGULATOR, name=tenant.regulator_name
        )
        orgs = Organisation.objects.bulk_create(
            Organisation(tenant=tenant, kind=OrganisationKind.MEMBER_UNIT, name=f"{tenant_name}第{d + 1}区市场监管局")
            for d in range(districts)
        )
        units = MemberUnit.objects.bulk_create(
            MemberUnit(tenant=tenant, organisation=org, name=f"第{d + 1}区", sort_order=d + 1)
            for d, org in enumerate(orgs)
        )
        tag = f"{tenant.pk:04d}"
        regulator = User(username=f"bench-{tag}-regulator", is_staff=True)
        district_user = User(username=f"bench-{tag}-district")
        for user in (regulator, district_user):
            user.set_unusable_password()
        User.objects.bulk_create([regulator, district_user])
        Membership.objects.bulk_create(
            [
                Membership(user=regulator, organisation=regulator_org, role=Role.REGULATOR),
                Membership(user=district_user, organisation=orgs[0], role=Role.MEMBER_UNIT),
            ]
        )
        campaign = campaign_create(
            tenant=tenant,
            year=year,
            title=f"{year}年{tenant_name}小微企业质量管理体系认证提升行动",
            document_number="",
            phases={kind: (shift(start), shift(end)) for kind, (start, end) in TIANJIN_2023_PHASES.items()},
            deadlines={kind: shift(day) for kind, day in TIANJIN_2023_DEADLINES.items()},
        )
        held = units[: int(len(units) * kickoff_share)]
        KickoffMeeting.objects.bulk_create(
            KickoffMeeting(
                campaign=campaign,
                member_unit=unit,
                held_on=shift(TIANJIN_2023_DEADLINES["kickoff"]),
                place="会议室",
                attendance=30,
                recorded_by=regulator,
            )
            for unit in held
        )
        region = f"{900000 + tenant.pk % 100000:06d}"  # fictional regions: 9xxxxx is no real administrative code
        for start in range(0, enterprises, BATCH):
            Enterprise.objects.bulk_create(
                Enterprise(
                    tenant=tenant,
                    name=f"{tenant_name}基准企业{i:06d}有限公司",
                    credit_code=make_credit_code(region, i),
                    district=units[i % districts],
                    district_sort_order=units[i % districts].sort_order,
                    cluster=SEVEN_CLUSTERS[i % 7],
                    is_foreign_trade=i % 5 == 0,
                    is_specialised=i % 7 == 3,
                )
                for i in range(start, min(start + BATCH, enterprises))
            )
    return {"tenant": tenant, "campaign": campaign, "regulator": regulator, "district_user": district_user}


def main() -> None:
    import django

    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=50_000)
    parser.add_argument("--tenant", default="基准市")
    parser.add_argument("--per-district", type=int, default=100)
    args = parser.parse_args()
    started = time.perf_counter()
    made = generate(tenant_name=args.tenant, enterprises=args.enterprises, per_district=args.per_district)
    print(f"{made['tenant']}: {args.enterprises} enterprises in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
