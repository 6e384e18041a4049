"""The fixed test cast (Healthchecks' alice/bob/charlie habit): one user per role in a tenant.

``build_cast("天津市")`` and ``build_cast("示例市")`` give two tenants whose rows must never meet.
Every user's password is PASSWORD.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from accounts.models import Membership, Organisation, OrganisationKind, Role, User
from assistance.models import CertificationBody, Expert
from campaign.calendars import TIANJIN_2023_DEADLINES, TIANJIN_2023_PHASES
from campaign.models import Campaign, MemberUnit, MemberUnitKind, Remit, Tenant
from campaign.services import campaign_create
from enterprises.codes import make_credit_code
from enterprises.models import Cluster, Enterprise

PASSWORD = "uplift-test-2023"
# Every row of the foreign tenant (build_cast("示例市", …)) shows this text; a page for 天津市 must never contain it.
FOREIGN_MARKER = "示例市"

# Valid GB 32100-2015 codes (check characters computed, see enterprises.codes).
CREDIT_CODES = [make_credit_code("120116", 9001 + i) for i in range(4)]


@dataclass
class Cast:
    tenant: Tenant
    campaign: Campaign
    regulator: User
    district: User  # staff of district_unit (滨海新区)
    district_unit: MemberUnit
    other_district: User  # staff of other_district_unit (和平区), same tenant
    other_district_unit: MemberUnit
    bureau: User  # staff of the city commerce bureau (remit: foreign-trade enterprises)
    bureau_unit: MemberUnit
    cb_manager: User
    body: CertificationBody
    expert: User
    expert_profile: Expert
    enterprise_user: User
    enterprise: Enterprise
    other_enterprise: Enterprise  # in other_district_unit
    reviewer: User

    def users(self) -> dict[str, User]:
        return {
            "regulator": self.regulator,
            "district": self.district,
            "bureau": self.bureau,
            "cb_manager": self.cb_manager,
            "expert": self.expert,
            "enterprise": self.enterprise_user,
            "reviewer": self.reviewer,
        }


def _user(prefix: str, name: str, org: Organisation, role: str, **extra) -> User:
    user = User.objects.create_user(
        username=f"{prefix}-{name}", password=PASSWORD, display_name=f"{org.tenant.name}·{name}", **extra
    )
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


CAST_REOPENED_UNTIL = date(2999, 12, 31)


def build_cast(tenant_name: str, prefix: str, code_offset: int = 0) -> Cast:
    tenant = Tenant.objects.create(name=tenant_name, regulator_name=f"{tenant_name}市场监督管理委员会")
    org = lambda kind, name: Organisation.objects.create(tenant=tenant, kind=kind, name=name)  # noqa: E731

    regulator_org = org(OrganisationKind.REGULATOR, f"{tenant_name}市场监管委")
    regulator = _user(prefix, "regulator", regulator_org, Role.REGULATOR, is_staff=True)

    def unit(name, kind=MemberUnitKind.DISTRICT, remit=Remit.NONE, order=0):
        return MemberUnit.objects.create(
            tenant=tenant,
            organisation=org(OrganisationKind.MEMBER_UNIT, f"{tenant_name}{name}"),
            name=name,
            kind=kind,
            remit=remit,
            sort_order=order,
        )

    # The foreign tenant's names all carry its own name, so a page that leaks one is easy to spot.
    local = "" if code_offset == 0 else tenant_name
    district_unit = unit(f"{local}滨海新区", order=1)
    other_district_unit = unit(f"{local}和平区", order=2)
    bureau_unit = unit(f"{local}市商务局", kind=MemberUnitKind.BUREAU, remit=Remit.FOREIGN_TRADE, order=3)
    district = _user(prefix, "district", district_unit.organisation, Role.MEMBER_UNIT)
    other_district = _user(prefix, "other-district", other_district_unit.organisation, Role.MEMBER_UNIT)
    bureau = _user(prefix, "bureau", bureau_unit.organisation, Role.MEMBER_UNIT)

    body_org = org(OrganisationKind.CERTIFICATION_BODY, f"{tenant_name}质量认证中心")
    body = CertificationBody.objects.create(
        tenant=tenant,
        organisation=body_org,
        name=body_org.name,
        approval_number=f"CNCA-R-2002-{100 + code_offset}",
    )
    cb_manager = _user(prefix, "cb-manager", body_org, Role.CB_MANAGER)
    expert = _user(prefix, "expert", body_org, Role.EXPERT)
    expert_profile = Expert.objects.create(
        user=expert, body=body, specialties=[Cluster.HARDWARE], home_district=district_unit
    )

    enterprise_org = org(OrganisationKind.ENTERPRISE, f"{tenant_name}鑫达五金制品有限公司")
    enterprise = Enterprise.objects.create(
        tenant=tenant,
        organisation=enterprise_org,
        name=enterprise_org.name,
        credit_code=CREDIT_CODES[code_offset],
        district=district_unit,
        district_sort_order=district_unit.sort_order,
        cluster=Cluster.HARDWARE,
        is_foreign_trade=True,
    )
    enterprise_user = _user(prefix, "enterprise", enterprise_org, Role.ENTERPRISE)
    other_enterprise = Enterprise.objects.create(
        tenant=tenant,
        name=f"{tenant_name}和韵乐器有限公司",
        credit_code=CREDIT_CODES[code_offset + 1],
        district=other_district_unit,
        district_sort_order=other_district_unit.sort_order,
        cluster=Cluster.MUSICAL_INSTRUMENTS,
    )

    panel_org = org(OrganisationKind.REVIEW_PANEL, f"{tenant_name}优良案例评选专家组")
    reviewer = _user(prefix, "reviewer", panel_org, Role.REVIEWER)

    campaign = campaign_create(
        tenant=tenant,
        year=2023,
        title=f"2023年{tenant_name}小微企业质量管理体系认证提升行动",
        document_number="津质认联〔2023〕2号" if code_offset == 0 else "示例市质认〔2023〕1号",
        phases=TIANJIN_2023_PHASES,
        deadlines=TIANJIN_2023_DEADLINES,
    )
    # The 2023 campaign has ended by the real today, and a finished campaign takes no writes (DESIGN.md §5): the
    # tests that write into it on the real today find it reopened; tests of the gate close it (tests/campaign).
    campaign.reopened_until, campaign.reopened_reason = CAST_REOPENED_UNTIL, "测试数据"
    campaign.save(update_fields=["reopened_until", "reopened_reason"])
    return Cast(
        tenant=tenant,
        campaign=campaign,
        regulator=regulator,
        district=district,
        district_unit=district_unit,
        other_district=other_district,
        other_district_unit=other_district_unit,
        bureau=bureau,
        bureau_unit=bureau_unit,
        cb_manager=cb_manager,
        body=body,
        expert=expert,
        expert_profile=expert_profile,
        enterprise_user=enterprise_user,
        enterprise=enterprise,
        other_enterprise=other_enterprise,
        reviewer=reviewer,
    )
