"""``manage.py seed_demo``: idempotent, complete, valid — seeded once for the whole module (twice, to prove it).

The seeding runs in one transaction that is rolled back after the module, so the demo rows never meet the other
tests' cast (both use the tenant name 天津市). The first run hashes with MD5 for speed, the second with the real
settings' Argon2, as ``make run`` does — which also proves the demo passwords are set again on every run.
"""

from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from stdnum.cn import uscc

import portal.settings
from accounts.models import Membership, OrganisationKind, Role, User
from assistance.models import CertificationBody, Expert
from campaign.management.commands.seed_demo import DEMO_PASSWORD
from campaign.models import Campaign, DeadlineKind, KickoffMeeting, MemberUnit, MemberUnitKind, Remit, Tenant
from enterprises.models import Cluster, Enterprise

DISTRICTS_IN_ORDER = [
    "和平区", "河东区", "河西区", "南开区", "河北区", "红桥区", "东丽区", "西青区",
    "津南区", "北辰区", "武清区", "宝坻区", "滨海新区", "宁河区", "静海区", "蓟州区",
]  # fmt: skip

# username → (role, organisation kind, what the organisation is, is_staff)
DEMO_ACCOUNTS = {
    "regulator": (Role.REGULATOR, OrganisationKind.REGULATOR, "天津市市场监督管理委员会", True),
    "district-binhai": (Role.MEMBER_UNIT, OrganisationKind.MEMBER_UNIT, "滨海新区", False),
    "district-heping": (Role.MEMBER_UNIT, OrganisationKind.MEMBER_UNIT, "和平区", False),
    "bureau-commerce": (Role.MEMBER_UNIT, OrganisationKind.MEMBER_UNIT, "市商务局", False),
    "cb-manager": (Role.CB_MANAGER, OrganisationKind.CERTIFICATION_BODY, None, False),
    "expert": (Role.EXPERT, OrganisationKind.CERTIFICATION_BODY, None, False),
    "enterprise": (Role.ENTERPRISE, OrganisationKind.ENTERPRISE, None, False),
    "reviewer": (Role.REVIEWER, OrganisationKind.REVIEW_PANEL, None, False),
    "other-regulator": (Role.REGULATOR, OrganisationKind.REGULATOR, "示例市市场监督管理局", True),
}


def _counts() -> dict[str, int]:
    """Rows of every model of the project's apps, their change history included."""
    return {
        model._meta.label: model._default_manager.count()
        for app in ("accounts", "campaign", "enterprises", "assistance")
        for model in apps.get_app_config(app).get_models()
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                call_command("seed_demo", stdout=StringIO())
            first = _counts()
            with override_settings(PASSWORD_HASHERS=portal.settings.PASSWORD_HASHERS):
                call_command("seed_demo", stdout=StringIO())
            second = _counts()
            yield first, second
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def tianjin(seeded, db):
    return Tenant.objects.get(name="天津市")


def test_seeding_twice_changes_no_count(seeded):
    first, second = seeded
    assert first == second
    assert first["enterprises.Enterprise"] >= 120


def test_every_demo_account_signs_in_with_one_membership_of_the_right_role(seeded, db, settings):
    settings.PASSWORD_HASHERS = portal.settings.PASSWORD_HASHERS  # the module seeded with Argon2, as make run does
    for username, (role, kind, organisation_name, is_staff) in DEMO_ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert user.password.startswith("argon2"), username
        assert user.check_password(DEMO_PASSWORD), username
        assert user.is_active and user.is_staff == is_staff, username
        memberships = Membership.objects.filter(user=user).select_related("organisation")
        assert len(memberships) == 1, username
        membership = memberships[0]
        assert (membership.role, membership.organisation.kind) == (role, kind), username
        if organisation_name and kind == OrganisationKind.MEMBER_UNIT:
            assert membership.organisation.member_unit.name == organisation_name
        elif organisation_name:
            assert membership.organisation.name == organisation_name


def test_demo_accounts_are_where_the_readme_says(tianjin):
    expert = Expert.objects.select_related("home_district", "body").get(user__username="expert")
    assert expert.home_district.name == "滨海新区"
    manager = Membership.objects.get(user__username="cb-manager")
    assert manager.organisation == expert.body.organisation
    enterprise = Membership.objects.get(user__username="enterprise").organisation.enterprise
    assert enterprise.district.name == "滨海新区"
    other = Membership.objects.get(user__username="other-regulator").organisation
    assert other.tenant.name != tianjin.name


def test_tianjin_has_its_16_districts_zones_points_and_bureaus(tianjin):
    districts = MemberUnit.objects.filter(tenant=tianjin, kind=MemberUnitKind.DISTRICT).order_by("sort_order")
    assert [unit.name for unit in districts] == DISTRICTS_IN_ORDER
    assert districts.filter(is_demonstration_zone=True).count() == 3
    assert districts.filter(is_demonstration_point=True).count() == 2
    bureaus = dict(MemberUnit.objects.filter(tenant=tianjin, kind=MemberUnitKind.BUREAU).values_list("name", "remit"))
    assert bureaus == {"市工业和信息化局": Remit.SPECIALISED, "市商务局": Remit.FOREIGN_TRADE}
    for unit in MemberUnit.objects.filter(tenant=tianjin).select_related("organisation"):
        assert unit.organisation.kind == OrganisationKind.MEMBER_UNIT


def test_bodies_experts_and_enterprises_are_plentiful_and_valid(tianjin):
    bodies = CertificationBody.objects.filter(tenant=tianjin)
    assert bodies.count() >= 5
    assert all(body.approval_number.startswith("CNCA-R-") for body in bodies)
    experts = Expert.objects.filter(body__tenant=tianjin).select_related("user__membership")
    assert len(experts) >= 30
    clusters = set(Cluster.values)
    for expert in experts:
        assert expert.specialties and set(expert.specialties) <= clusters
        assert expert.user.membership.role == Role.EXPERT
        assert expert.user.membership.organisation_id == expert.body.organisation_id

    enterprises = Enterprise.objects.filter(tenant=tianjin)
    assert enterprises.count() >= 120
    seven = set(Cluster.values) - {Cluster.OTHER}
    assert set(enterprises.values_list("cluster", flat=True)) == seven
    assert enterprises.values("district").distinct().count() == 16
    assert enterprises.filter(is_foreign_trade=True).exists()
    assert enterprises.filter(is_specialised=True).exists()
    for code in Enterprise.objects.values_list("credit_code", flat=True):
        assert uscc.is_valid(code), code
    binhai = enterprises.filter(district__name="滨海新区").first()
    assert binhai.credit_code[2:8] == "120116"  # the district's real administrative code


def test_the_2023_campaign_and_the_current_year_clone(tianjin):
    campaign_2023 = Campaign.objects.get(tenant=tianjin, year=2023)
    assert campaign_2023.document_number == "津质认联〔2023〕2号"
    deadline_2023 = campaign_2023.deadlines.get(kind=DeadlineKind.KICKOFF).due_on
    kickoffs_2023 = KickoffMeeting.objects.filter(campaign=campaign_2023)
    units = MemberUnit.objects.filter(tenant=tianjin).count()
    assert units - 3 <= kickoffs_2023.count() < units
    assert kickoffs_2023.filter(held_on__gt=deadline_2023).count() == 2  # late, in early June

    today = timezone.localdate()
    if today.year == 2023:
        pytest.skip("the current year is the notice's own year: nothing to clone")
    current = Campaign.objects.get(tenant=tianjin, year=today.year)
    assert current.cloned_from == campaign_2023
    assert current.document_number == f"津质认联〔{today.year}〕2号"
    shift = today.year - 2023
    old = {p.kind: (p.starts_on, p.ends_on) for p in campaign_2023.phases.all()}
    new = {p.kind: (p.starts_on, p.ends_on) for p in current.phases.all()}
    assert new == {kind: tuple(day.replace(year=day.year + shift) for day in days) for kind, days in old.items()}
    held = KickoffMeeting.objects.filter(campaign=current)
    assert held.count() < units  # some member units have not held theirs: the regulator's R9 panel shows them
    assert not held.filter(held_on__gt=today).exists()  # nothing recorded before it was held
    if today >= date(today.year, 6, 1):
        assert held.count() >= units // 2


def test_the_second_tenant_has_data_and_a_campaign_of_its_own(tianjin):
    other = Tenant.objects.exclude(pk=tianjin.pk).get()
    assert MemberUnit.objects.filter(tenant=other, kind=MemberUnitKind.DISTRICT).count() == 2
    assert CertificationBody.objects.filter(tenant=other).exists()
    assert Expert.objects.filter(body__tenant=other).exists()
    assert Enterprise.objects.filter(tenant=other).exists()
    assert Campaign.objects.filter(tenant=other, year=2023).exists()
    other_regulator = User.objects.get(username="other-regulator")
    assert set(Campaign.objects.visible_to(other_regulator).values_list("tenant", flat=True)) == {other.pk}
