from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from rest_framework.test import APIClient

from accounts.models import User
from assistance.models import Assignment
from enterprises.codes import make_credit_code
from enterprises.models import Cluster, Enrolment, Enterprise
from tests.domain import PDF, SHANGHAI, populate_domain

# "Today" for these tests: in the 2023 assistance phase, after the domain's visits and before its audits.
TODAY = datetime(2023, 8, 15, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in their English msgids; that each has a Chinese translation is
    tests/test_catalogue.py's job."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def domain(cast):
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


_codes = iter(range(500, 10_000))


def new_enrolment(cast, *, state="assigned", expert=None, name=None):
    """Another enterprise of 滨海新区 enrolled in 2023 and assigned to ``expert`` (the cast's expert by default)."""
    number = next(_codes)
    enterprise = Enterprise.objects.create(
        tenant=cast.tenant,
        name=name or f"天津市测试企业{number}",
        credit_code=make_credit_code("120116", number),
        district=cast.district_unit,
        cluster=Cluster.HARDWARE,
    )
    enrolment = Enrolment.objects.create(
        enterprise=enterprise, campaign=cast.campaign, nominated_by=cast.district, state=state
    )
    Assignment.objects.create(enrolment=enrolment, expert=expert or cast.expert_profile, assigned_by=cast.cb_manager)
    return Enrolment.objects.select_related("enterprise", "campaign").get(pk=enrolment.pk)


@pytest.fixture
def fresh(cast):
    """An assigned enrolment with nothing recorded on it yet."""
    return new_enrolment(cast)


def pdf(name="file.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
