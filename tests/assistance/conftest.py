"""Fixtures for the assistance tests: the domain rows (tests/domain.py), signed-in clients, more experts, an
enrolment ready to assign, assigned enrolments with nothing recorded yet, and a "today" in the assistance phase."""

from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accounts.models import Membership, Role, User
from assistance.models import Assignment, Expert
from enterprises.codes import make_credit_code
from enterprises.models import Cluster, Enrolment, Enterprise, Screening
from tests.domain import PDF, SHANGHAI, populate_domain

# "Today" for the tests of the expert's work: in the 2023 assistance phase, after the domain's visits and before its
# audits (tests/domain.py). A module or test takes it with ``pytest.mark.usefixtures("frozen_today")``.
TODAY = datetime(2023, 8, 15, 10, 0, tzinfo=SHANGHAI)
ASSIGNED_AT = datetime(2023, 5, 9, 10, 0, tzinfo=SHANGHAI)  # the day the assistance phase opens


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in their English msgids (pages render Chinese; page tests check names/codes);
    that each has a Chinese translation is tests/test_catalogue.py's job."""
    with translation.override("en"):
        yield


@pytest.fixture
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def world(cast):
    return populate_domain(cast)


@pytest.fixture
def domain(cast):
    return populate_domain(cast)


def make_expert(cast, name, *, specialties=(Cluster.HARDWARE,), district=None, body=None):
    body = body or cast.body
    user = User.objects.create_user(username=f"{cast.regulator.username}-{name}", display_name=f"{name}专家")
    Membership.objects.create(user=user, organisation=body.organisation, role=Role.EXPERT)
    return Expert.objects.create(
        user=user, body=body, specialties=list(specialties), home_district=district or cast.district_unit
    )


_screened_codes = iter(range(5000, 9000))


def make_screened(cast, name, *, district=None, cluster=Cluster.HARDWARE):
    """A screened enrolment of a new enterprise in ``district`` (default 滨海新区), ready to be assigned."""
    enterprise = Enterprise.objects.create(
        tenant=cast.tenant,
        name=f"{cast.tenant.name}{name}",
        credit_code=make_credit_code("120116", next(_screened_codes)),
        district=district or cast.district_unit,
        district_sort_order=(district or cast.district_unit).sort_order,
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


_assigned_codes = iter(range(500, 10_000))


def new_enrolment(cast, *, state="assigned", expert=None, name=None):
    """Another enterprise of 滨海新区 enrolled in 2023 and assigned to ``expert`` (the cast's expert by default)."""
    number = next(_assigned_codes)
    enterprise = Enterprise.objects.create(
        tenant=cast.tenant,
        name=name or f"天津市测试企业{number}",
        credit_code=make_credit_code("120116", number),
        district=cast.district_unit,
        district_sort_order=cast.district_unit.sort_order,
        cluster=Cluster.HARDWARE,
    )
    enrolment = Enrolment.objects.create(
        enterprise=enterprise, campaign=cast.campaign, nominated_by=cast.district, state=state
    )
    assignment = Assignment.objects.create(
        enrolment=enrolment, expert=expert or cast.expert_profile, assigned_by=cast.cb_manager
    )
    # Assigned early in the assistance phase, as the domain's own enrolment (R7's chain starts here).
    Assignment.objects.filter(pk=assignment.pk).update(assigned_at=ASSIGNED_AT)
    return Enrolment.objects.select_related("enterprise", "campaign").get(pk=enrolment.pk)


@pytest.fixture
def fresh(cast):
    """An assigned enrolment with nothing recorded on it yet."""
    return new_enrolment(cast)


def pdf(name="file.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
