"""Fictional demo data for a newcomer's first look: ``manage.py seed_demo`` (idempotent).

Every row is found by its natural key (a username, an organisation's name in its tenant, a credit code, a campaign's
year, a kickoff's campaign and member unit), so running it again changes nothing but the demo accounts' passwords,
which are set again so that ``uplift-demo-2023`` always works. Names of people and companies are made up.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Membership, Organisation, OrganisationKind, Role, User
from assistance.models import CertificationBody, Expert
from campaign.calendars import (
    TIANJIN_2023_DEADLINES,
    TIANJIN_2023_DOCUMENT_NUMBER,
    TIANJIN_2023_PHASES,
    TIANJIN_2023_TITLE,
)
from campaign.management.demo_campaigns import (
    CLUSTER_NOUNS,
    DEMO_DISTRICT_INDEX,
    OVERRIDE_EXPERT,
    OVERRIDE_TARGET,
    SECOND_ENTERPRISE,
    seed_campaigns,
)
from campaign.models import Campaign, DeadlineKind, KickoffMeeting, MemberUnit, MemberUnitKind, Remit, Tenant
from campaign.services import campaign_clone, campaign_create
from enterprises.codes import make_credit_code
from enterprises.models import Cluster, Enterprise, SizeClass
from enterprises.services.enterprises import enterprise_district_order_follow

DEMO_PASSWORD = "uplift-demo-2023"
EMAIL_DOMAIN = "demo.invalid"  # RFC 2606: never delivered anywhere

TIANJIN = "天津市"
TIANJIN_REGULATOR = "天津市市场监督管理委员会"

# (name, login slug, GB/T 2260 administrative code), in the city's official order.
TIANJIN_DISTRICTS = [
    ("和平区", "heping", "120101"),
    ("河东区", "hedong", "120102"),
    ("河西区", "hexi", "120103"),
    ("南开区", "nankai", "120104"),
    ("河北区", "hebei", "120105"),
    ("红桥区", "hongqiao", "120106"),
    ("东丽区", "dongli", "120110"),
    ("西青区", "xiqing", "120111"),
    ("津南区", "jinnan", "120112"),
    ("北辰区", "beichen", "120113"),
    ("武清区", "wuqing", "120114"),
    ("宝坻区", "baodi", "120115"),
    ("滨海新区", "binhai", "120116"),
    ("宁河区", "ninghe", "120117"),
    ("静海区", "jinghai", "120118"),
    ("蓟州区", "jizhou", "120119"),
]
# 二、工作重点 2: three 质量认证示范区 and two 示范点 (which ones is made up for the demo).
DEMONSTRATION_ZONES = {"滨海新区", "西青区", "武清区"}
DEMONSTRATION_POINTS = {"北辰区", "静海区"}
TIANJIN_BUREAUS = [
    ("市工业和信息化局", "industry", Remit.SPECIALISED),
    ("市商务局", "commerce", Remit.FOREIGN_TRADE),
]

# Kickoffs: 2023 — every unit but one, two of them late (early June); the current year — most units, not all, so the
# regulator's R9 panel has someone to chase.
KICKOFF_MISSING_2023 = {"蓟州区"}
KICKOFF_LATE_2023 = {"红桥区": date(2023, 6, 2), "宁河区": date(2023, 6, 6)}
KICKOFF_MISSING_CURRENT = {"和平区", "宁河区", "蓟州区", "市工业和信息化局"}
KICKOFF_LATE_CURRENT = {"红桥区": (6, 3)}

BODIES = [
    ("海河质量认证中心有限公司", "CNCA-R-2002-001"),
    ("津沽标准认证有限公司", "CNCA-R-2002-017"),
    ("渤润检验认证有限公司", "CNCA-R-2003-042"),
    ("北辰星质量认证有限公司", "CNCA-R-2004-063"),
    ("禾川管理体系认证有限公司", "CNCA-R-2009-105"),
    ("云舟认证服务有限公司", "CNCA-R-2016-218"),
]
EXPERTS_PER_BODY = 6

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅"
GIVEN_NAMES = (
    "建华 晓峰 丽娜 志强 海燕 文博 雪梅 国栋 秀兰 宏伟 静怡 春生 "
    "明轩 佳慧 立新 玉洁 振宇 淑芬 子涵 德胜 美玲 浩然 桂英 少华 "
    "思远 红霞 永刚 欣悦 庆丰 亚楠 光明 雅琴 俊杰 翠萍 世昌 若曦"
).split()

TRADE_NAMES = (
    "星澜 禾丰 瑞川 恒舟 鑫朗 澜泽 博屹 嘉沐 启岳 泓昇 聚衡 朗晟 沐禾 岳松 昕拓 承澈 雅筑 晟铭 铂润 航茂 桐屿"
).split()
SEVEN_CLUSTERS = list(CLUSTER_NOUNS)
ENTERPRISES_PER_DISTRICT = 9

ROADS = ["黄海路", "新华路", "津塘路", "红旗路", "卫津路", "京津路", "杨柳青大道", "芦台大道", "长江道", "外环北路"]

SAMPLE = "示例市"
SAMPLE_REGULATOR = "示例市市场监督管理局"
SAMPLE_DISTRICTS = [("示例东区", "east", "990101"), ("示例西区", "west", "990102")]


@dataclass
class Account:
    username: str
    display_name: str
    organisation: Organisation
    role: str
    is_staff: bool = False
    demo: bool = False  # a named demo account: its password is set again on every run


class Command(BaseCommand):
    help = "Load fictional demo data (天津市 and a second tenant); safe to run again."

    def handle(self, *args, **options):
        started = time.monotonic()
        today = timezone.localdate()
        with transaction.atomic():
            summary = self._seed(today)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪（{elapsed:.1f} 秒）"))
        for line in summary:
            self.stdout.write(f"  {line}")
        self.stdout.write(f"  演示账号密码：{DEMO_PASSWORD}")

    # --- building blocks -------------------------------------------------------------------------------------------

    def _upsert(self, model, lookup: dict, defaults: dict):
        """update_or_create that saves only what changed, so a second run writes no change history."""
        row = model.objects.filter(**lookup).first()
        if row is None:
            return model.objects.create(**lookup, **defaults)
        changed = [name for name, value in defaults.items() if getattr(row, name) != value]
        if changed:
            for name in changed:
                setattr(row, name, defaults[name])
            row.save(update_fields=changed)
        return row

    def _organisation(self, tenant: Tenant, kind: str, name: str) -> Organisation:
        org, _ = Organisation.objects.get_or_create(tenant=tenant, name=name, defaults={"kind": kind})
        if org.kind != kind:
            org.kind = kind
            org.save(update_fields=["kind"])
        return org

    def _member_unit(self, tenant, name, *, kind, remit, order, zone=False, point=False) -> MemberUnit:
        org_name = f"{name}市场监督管理局" if kind == MemberUnitKind.DISTRICT else name
        org = self._organisation(tenant, OrganisationKind.MEMBER_UNIT, org_name)
        unit = self._upsert(
            MemberUnit,
            {"tenant": tenant, "name": name},
            {
                "organisation": org,
                "kind": kind,
                "remit": remit,
                "sort_order": order,
                "is_demonstration_zone": zone,
                "is_demonstration_point": point,
            },
        )
        enterprise_district_order_follow(district=unit)  # a unit reordered since an earlier seed: its enterprises too
        return unit

    def _accounts(self, accounts: list[Account]) -> dict[str, User]:
        """Users and their one membership each. New users and the named demo accounts get the demo password."""
        existing = {u.username: u for u in User.objects.filter(username__in=[a.username for a in accounts])}
        # Argon2 costs ~0.1 s a hash: the named demo accounts get their own hash on every run, the generated ones
        # (experts, unit staff) share one hash of the same public demo password, made once per run.
        shared_hash = make_password(DEMO_PASSWORD)
        to_create, to_update = [], []
        for account in accounts:
            user = existing.get(account.username)
            if user is None:
                user = User(username=account.username)
                if account.demo:
                    user.set_password(DEMO_PASSWORD)
                else:
                    user.password = shared_hash
                to_create.append(user)
            else:
                if account.demo:
                    user.set_password(DEMO_PASSWORD)
                to_update.append(user)
            user.display_name = account.display_name
            user.email = f"{account.username}@{EMAIL_DOMAIN}"
            user.is_staff = account.is_staff
            user.is_active = True
            existing[account.username] = user
        User.objects.bulk_create(to_create)
        User.objects.bulk_update(to_update, ["password", "display_name", "email", "is_staff", "is_active"])
        for account in accounts:
            self._upsert(
                Membership,
                {"user": existing[account.username]},
                {"organisation": account.organisation, "role": account.role},
            )
        return existing

    def _enterprises(self, tenant: Tenant, rows: list[dict]) -> dict[str, Enterprise]:
        existing = {e.credit_code: e for e in Enterprise.objects.filter(tenant=tenant)}
        new = [
            Enterprise(tenant=tenant, district_sort_order=row["district"].sort_order, **row)
            for row in rows
            if row["credit_code"] not in existing
        ]
        bulk_create_with_history(new, Enterprise)
        # Rows from an older seed get the details added since (only what differs is written).
        changed, names = [], set()
        for row in rows:
            enterprise = existing.get(row["credit_code"])
            if enterprise is None:
                continue
            diff = [name for name, value in row.items() if name != "district" and getattr(enterprise, name) != value]
            if diff:
                for name in diff:
                    setattr(enterprise, name, row[name])
                changed.append(enterprise)
                names.update(diff)
        if changed:
            Enterprise.objects.bulk_update(changed, sorted(names))
        return {e.credit_code: e for e in Enterprise.objects.filter(tenant=tenant).select_related("district")}

    def _kickoffs(self, campaign: Campaign, held: dict[MemberUnit, date], recorded_by: dict[int, User]) -> None:
        done = set(KickoffMeeting.objects.filter(campaign=campaign).values_list("member_unit_id", flat=True))
        new = [
            KickoffMeeting(
                campaign=campaign,
                member_unit=unit,
                held_on=held_on,
                place=f"{unit.name}政务服务中心第{(unit.sort_order % 5) + 1}会议室",
                attendance=30 + unit.sort_order * 3,
                recorded_by=recorded_by[unit.pk],
            )
            for unit, held_on in held.items()
            if unit.pk not in done
        ]
        bulk_create_with_history(new, KickoffMeeting)

    # --- the two tenants ------------------------------------------------------------------------------------------

    def _seed(self, today: date) -> list[str]:
        tianjin = self._seed_tianjin(today)
        sample = self._seed_sample()
        return tianjin + sample

    def _seed_tianjin(self, today: date) -> list[str]:
        tenant = self._upsert(Tenant, {"name": TIANJIN}, {"regulator_name": TIANJIN_REGULATOR})
        regulator_org = self._organisation(tenant, OrganisationKind.REGULATOR, TIANJIN_REGULATOR)

        units: dict[str, MemberUnit] = {}
        for order, (name, _slug, _code) in enumerate(TIANJIN_DISTRICTS, start=1):
            units[name] = self._member_unit(
                tenant,
                name,
                kind=MemberUnitKind.DISTRICT,
                remit=Remit.NONE,
                order=order,
                zone=name in DEMONSTRATION_ZONES,
                point=name in DEMONSTRATION_POINTS,
            )
        for offset, (name, _slug, remit) in enumerate(TIANJIN_BUREAUS, start=len(TIANJIN_DISTRICTS) + 1):
            units[name] = self._member_unit(tenant, name, kind=MemberUnitKind.BUREAU, remit=remit, order=offset)

        bodies = []
        for name, approval in BODIES:
            org = self._organisation(tenant, OrganisationKind.CERTIFICATION_BODY, name)
            body = self._upsert(
                CertificationBody,
                {"tenant": tenant, "approval_number": approval},
                {
                    "organisation": org,
                    "name": name,
                    "contact": f"{name[:4]}认证业务部 022-2{approval[-3:]}0000",
                },
            )
            bodies.append(body)

        # The enterprises: nine per district, the seven clusters spread evenly over the districts.
        rows = []
        for i in range(len(TIANJIN_DISTRICTS) * ENTERPRISES_PER_DISTRICT):
            district_name, _slug, region = TIANJIN_DISTRICTS[i % len(TIANJIN_DISTRICTS)]
            cluster = SEVEN_CLUSTERS[i % len(SEVEN_CLUSTERS)]
            trade = TRADE_NAMES[(i // len(SEVEN_CLUSTERS)) % len(TRADE_NAMES)]
            employees = 8 + (i * 37) % 150
            rows.append(
                {
                    "name": f"天津{trade}{CLUSTER_NOUNS[cluster]}有限公司",
                    "credit_code": make_credit_code(region, 1000 + i),
                    "district": units[district_name],
                    "cluster": cluster,
                    "is_foreign_trade": i % 5 == 0,
                    "is_specialised": i % 7 == 3,
                    "is_three_same": i % 11 == 4,
                    "address": f"{district_name}{ROADS[i % len(ROADS)]}{10 + (i * 7) % 180}号",
                    "size_class": SizeClass.MICRO if employees < 20 else SizeClass.SMALL,
                    "employees": employees,
                    "annual_revenue": Decimal(150 + (i * 53) % 280 if employees < 20 else 400 + (i * 131) % 1600),
                    "contact_name": SURNAMES[(i * 7) % len(SURNAMES)] + GIVEN_NAMES[(i * 5) % len(GIVEN_NAMES)],
                    "contact_phone": f"139{22000000 + i * 173:08d}",
                }
            )
        enterprises = self._enterprises(tenant, rows)
        grid = [
            [enterprises[rows[d + len(TIANJIN_DISTRICTS) * k]["credit_code"]] for k in range(ENTERPRISES_PER_DISTRICT)]
            for d in range(len(TIANJIN_DISTRICTS))
        ]
        # The demo enterprise account: the first enterprise in 滨海新区.
        demo_row = next(row for row in rows if row["district"].name == "滨海新区")
        demo_enterprise = enterprises[demo_row["credit_code"]]
        enterprise_org = self._organisation(tenant, OrganisationKind.ENTERPRISE, demo_enterprise.name)
        if demo_enterprise.organisation_id != enterprise_org.pk:
            demo_enterprise.organisation = enterprise_org
            demo_enterprise.save(update_fields=["organisation"])

        panel_org = self._organisation(tenant, OrganisationKind.REVIEW_PANEL, "天津市优良案例评选专家组")

        accounts = [
            Account("regulator", "监管处 李明", regulator_org, Role.REGULATOR, is_staff=True, demo=True),
            Account("cb-manager", "认证机构 周海", bodies[0].organisation, Role.CB_MANAGER, demo=True),
            Account("enterprise", "企业联络人 孙悦", enterprise_org, Role.ENTERPRISE, demo=True),
            Account("reviewer", "评选专家 郑文", panel_org, Role.REVIEWER, demo=True),
        ]
        for name, slug, _code in TIANJIN_DISTRICTS:
            username = f"district-{slug}"
            accounts.append(
                Account(
                    username,
                    f"{name} 联络员",
                    units[name].organisation,
                    Role.MEMBER_UNIT,
                    demo=slug in {"binhai", "heping"},
                )
            )
        for name, slug, _remit in TIANJIN_BUREAUS:
            accounts.append(
                Account(
                    f"bureau-{slug}",
                    f"{name} 联络员",
                    units[name].organisation,
                    Role.MEMBER_UNIT,
                    demo=slug == "commerce",
                )
            )
        # Experts: slot s of district d (the first expert is 滨海新区's first slot); each is qualified for the two
        # enterprises of that slot (R3, 专业对口), and works for body n mod 6, so every body has experts in six districts.
        expert_specs = []  # (username, body, home district, specialties, (district index, slot))
        districts = [units[name] for name, _s, _c in TIANJIN_DISTRICTS]
        n_districts = len(districts)
        for n in range(len(bodies) * EXPERTS_PER_BODY):
            d, slot = (n + DEMO_DISTRICT_INDEX) % n_districts, n // n_districts
            body = bodies[n % len(bodies)]
            username = "expert" if n == 0 else f"expert-{n + 1:02d}"
            clusters = [grid[d][2 * slot].cluster, grid[d][2 * slot + 1].cluster]
            if (d, slot) == OVERRIDE_EXPERT:
                clusters.append(grid[OVERRIDE_TARGET[0]][OVERRIDE_TARGET[1]].cluster)
            specialties = [str(c) for c in dict.fromkeys(clusters)]
            display = SURNAMES[n % len(SURNAMES)] + GIVEN_NAMES[n % len(GIVEN_NAMES)]
            accounts.append(Account(username, display, body.organisation, Role.EXPERT, demo=n == 0))
            expert_specs.append((username, body, districts[d], specialties, (d, slot)))
        # Every body has a manager (the first is the demo `cb-manager`), the case panel three reviewers, and a second
        # enterprise has an account of its own (it files the forwarded complaint).
        for b, body in enumerate(bodies[1:], start=2):
            display = "认证机构 " + SURNAMES[(b * 11) % len(SURNAMES)] + GIVEN_NAMES[(b * 13) % len(GIVEN_NAMES)]
            accounts.append(Account(f"cb-manager-{b:02d}", display, body.organisation, Role.CB_MANAGER))
        accounts.append(Account("reviewer-02", "评选专家 韩冰", panel_org, Role.REVIEWER))
        accounts.append(Account("reviewer-03", "评选专家 唐宁", panel_org, Role.REVIEWER))
        second = grid[SECOND_ENTERPRISE[0]][SECOND_ENTERPRISE[1]]
        second_org = self._organisation(tenant, OrganisationKind.ENTERPRISE, second.name)
        if second.organisation_id != second_org.pk:
            second.organisation = second_org
            second.save(update_fields=["organisation"])
        accounts.append(Account("enterprise-02", f"企业联络人 {second.contact_name}", second_org, Role.ENTERPRISE))
        users = self._accounts(accounts)

        existing_experts = {e.user_id: e for e in Expert.objects.filter(user__in=[users[u] for u, *_ in expert_specs])}
        new_experts = []
        for username, body, home, specialties, _slot in expert_specs:
            user = users[username]
            expert = existing_experts.get(user.pk)
            if expert is None:
                new_experts.append(Expert(user=user, body=body, home_district=home, specialties=specialties))
            elif (expert.body_id, expert.home_district_id, expert.specialties) != (body.pk, home.pk, specialties):
                expert.body, expert.home_district, expert.specialties = body, home, specialties
                expert.save()
        bulk_create_with_history(new_experts, Expert)

        regulator = users["regulator"]
        campaign_2023 = Campaign.objects.filter(tenant=tenant, year=2023).first() or campaign_create(
            tenant=tenant,
            year=2023,
            title=TIANJIN_2023_TITLE,
            document_number=TIANJIN_2023_DOCUMENT_NUMBER,
            phases=TIANJIN_2023_PHASES,
            deadlines=TIANJIN_2023_DEADLINES,
            acting_user=regulator,
        )
        current = None
        if today.year > 2023:
            current = Campaign.objects.filter(tenant=tenant, year=today.year).first() or campaign_clone(
                source=campaign_2023,
                year=today.year,
                document_number=f"津质认联〔{today.year}〕2号",
                acting_user=regulator,
            )

        staff_of = {}
        for account in accounts:
            if account.role == Role.MEMBER_UNIT:
                staff_of[account.organisation.member_unit.pk] = users[account.username]
        all_units = list(units.values())
        held_2023 = {}
        for unit in all_units:
            if unit.name in KICKOFF_MISSING_2023:
                continue
            held_2023[unit] = KICKOFF_LATE_2023.get(unit.name, date(2023, 5, 10 + unit.sort_order % 20))
        self._kickoffs(campaign_2023, held_2023, staff_of)
        if current is not None:
            held_now = {}
            for unit in all_units:
                if unit.name in KICKOFF_MISSING_CURRENT:
                    continue
                month, day = KICKOFF_LATE_CURRENT.get(unit.name, (5, 10 + unit.sort_order % 20))
                held_on = date(current.year, month, day)
                if held_on <= today:  # a kickoff is recorded once it has been held (kickoff_record refuses the future)
                    held_now[unit] = held_on
            self._kickoffs(current, held_now, staff_of)

        experts = {e.user_id: e for e in Expert.objects.filter(user__in=[users[u] for u, *_ in expert_specs])}
        lived_in = seed_campaigns(
            tenant=tenant,
            today=today,
            districts=districts,
            grid=grid,
            bodies=bodies,
            experts={slot: experts[users[username].pk] for username, _b, _h, _s, slot in expert_specs},
            managers={
                body.pk: users["cb-manager" if b == 0 else f"cb-manager-{b + 1:02d}"] for b, body in enumerate(bodies)
            },
            district_staff={unit_pk: user for unit_pk, user in staff_of.items()},
            regulator=regulator,
            reviewers=[users["reviewer"], users["reviewer-02"], users["reviewer-03"]],
            enterprise_users={demo_enterprise.pk: users["enterprise"], second.pk: users["enterprise-02"]},
            campaign_2023=campaign_2023,
            current=current,
        )

        kickoff_deadline = current.deadlines.filter(kind=DeadlineKind.KICKOFF).first() if current else None
        held_count = KickoffMeeting.objects.filter(campaign=current).count() if current else 0
        return [
            f"{TIANJIN}：{len(TIANJIN_DISTRICTS)} 个区（示范区 {len(DEMONSTRATION_ZONES)}，示范点 {len(DEMONSTRATION_POINTS)}）"
            f"、{len(TIANJIN_BUREAUS)} 个市级部门",
            f"{TIANJIN}：认证机构 {len(bodies)} 家，帮扶专家 {len(expert_specs)} 名，企业 {len(enterprises)} 家",
            f"{TIANJIN}：行动 {campaign_2023.year} 年"
            + (
                f"、{current.year} 年（启动会已登记 {held_count}/{len(all_units)}，截止 {kickoff_deadline.due_on:%Y-%m-%d}）"
                if current and kickoff_deadline
                else ""
            ),
            *lived_in,
        ]

    def _seed_sample(self) -> list[str]:
        tenant = self._upsert(Tenant, {"name": SAMPLE}, {"regulator_name": SAMPLE_REGULATOR})
        regulator_org = self._organisation(tenant, OrganisationKind.REGULATOR, SAMPLE_REGULATOR)
        units = {
            name: self._member_unit(tenant, name, kind=MemberUnitKind.DISTRICT, remit=Remit.NONE, order=order)
            for order, (name, _slug, _code) in enumerate(SAMPLE_DISTRICTS, start=1)
        }
        body_name = "示例市质量认证中心有限公司"
        body_org = self._organisation(tenant, OrganisationKind.CERTIFICATION_BODY, body_name)
        body = self._upsert(
            CertificationBody,
            {"tenant": tenant, "approval_number": "CNCA-R-2010-301"},
            {"organisation": body_org, "name": body_name},
        )
        rows = []
        for i in range(8):
            district_name, _slug, region = SAMPLE_DISTRICTS[i % 2]
            cluster = SEVEN_CLUSTERS[i % 7]
            rows.append(
                {
                    "name": f"示例市{TRADE_NAMES[i]}{CLUSTER_NOUNS[cluster]}有限公司",
                    "credit_code": make_credit_code(region, 5000 + i),
                    "district": units[district_name],
                    "cluster": cluster,
                    "is_foreign_trade": i % 3 == 0,
                }
            )
        enterprises = self._enterprises(tenant, rows)
        accounts = [
            Account("other-regulator", "示例市监管处 吴强", regulator_org, Role.REGULATOR, is_staff=True, demo=True),
            Account("sample-cb-manager", "示例市认证机构 钱程", body_org, Role.CB_MANAGER),
            Account("sample-expert", "示例市专家 冯雪", body_org, Role.EXPERT),
        ]
        for name, slug, _code in SAMPLE_DISTRICTS:
            accounts.append(
                Account(f"sample-district-{slug}", f"{name} 联络员", units[name].organisation, Role.MEMBER_UNIT)
            )
        users = self._accounts(accounts)
        first_district = units[SAMPLE_DISTRICTS[0][0]]
        self._upsert(
            Expert,
            {"user": users["sample-expert"]},
            {"body": body, "home_district": first_district, "specialties": [str(Cluster.HARDWARE)]},
        )
        campaign = Campaign.objects.filter(tenant=tenant, year=2023).first() or campaign_create(
            tenant=tenant,
            year=2023,
            title=f"2023年{SAMPLE}小微企业质量管理体系认证提升行动",
            document_number="示质认〔2023〕1号",
            phases=TIANJIN_2023_PHASES,
            deadlines=TIANJIN_2023_DEADLINES,
            acting_user=users["other-regulator"],
        )
        self._kickoffs(
            campaign, {first_district: date(2023, 5, 20)}, {first_district.pk: users["sample-district-east"]}
        )
        return [f"{SAMPLE}：{len(units)} 个区，认证机构 1 家，企业 {len(enterprises)} 家，行动 {campaign.year} 年"]
