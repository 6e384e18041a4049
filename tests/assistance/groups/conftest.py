"""Fixtures for the groups slice: the domain rows (tests/domain.py), an enrolment ready to assign, more experts."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from accounts.models import Membership, Role, User
from assistance.models import Expert
from enterprises.models import Cluster, Enrolment, Enterprise, Screening
from tests.domain import populate_domain


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in their English msgids (pages render Chinese; page tests check names/codes)."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(cast):
    return populate_domain(cast)


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def api():
    def make(user):
        client = APIClient()
        client.force_authenticate(user=User.objects.get(pk=user.pk))
        return client

    return make


def make_expert(cast, name, *, specialties=(Cluster.HARDWARE,), district=None, body=None):
    body = body or cast.body
    user = User.objects.create_user(username=f"{cast.regulator.username}-{name}", display_name=f"{name}专家")
    Membership.objects.create(user=user, organisation=body.organisation, role=Role.EXPERT)
    return Expert.objects.create(
        user=user, body=body, specialties=list(specialties), home_district=district or cast.district_unit
    )


_codes = iter(range(5000, 9000))


def make_screened(cast, name, *, district=None, cluster=Cluster.HARDWARE):
    """A screened enrolment of a new enterprise in ``district`` (default 滨海新区), ready to be assigned."""
    from enterprises.codes import make_credit_code

    enterprise = Enterprise.objects.create(
        tenant=cast.tenant,
        name=f"{cast.tenant.name}{name}",
        credit_code=make_credit_code("120116", next(_codes)),
        district=district or cast.district_unit,
        cluster=cluster,
    )
    enrolment = Enrolment.objects.create(
        enterprise=enterprise, campaign=cast.campaign, nominated_by=cast.district, state="screened"
    )
    Screening.objects.create(
        enrolment=enrolment,
        normal_operation=True,
        resources_committed=True,
        willing=True,
        on_abnormal_operations_list=False,
        checked_on="2023-05-20",
        checked_by=cast.district,
        passed=True,
    )
    return enrolment


@pytest.fixture
def screened(world):
    """A screened hardware enterprise in 滨海新区, which cast.working_group covers."""
    world.working_group.districts.add(world.district_unit, world.other_district_unit)
    return make_screened(world, "新锐五金有限公司")
