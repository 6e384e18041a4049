import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import Membership, Role, User
from enterprises.models import ReviewerProfile
from tests.domain import PDF, populate_domain


@pytest.fixture
def domain(cast):
    """天津市 with one of every enterprise and assistance row (tests/domain.py)."""
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


@pytest.fixture
def make_reviewer(cast):
    """``make_reviewer(name, body=None)``: another case reviewer of 天津市, working for ``body`` if given."""

    def make(name, body=None):
        panel = cast.reviewer.membership.organisation
        user = User.objects.create_user(username=f"tj-{name}", display_name=f"天津市·{name}")
        Membership.objects.create(user=user, organisation=panel, role=Role.REVIEWER)
        ReviewerProfile.objects.create(user=user, affiliated_body=body)
        return user

    return make


def pdf(name="总结.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
