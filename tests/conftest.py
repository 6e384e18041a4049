import pytest
from rest_framework.test import APIClient

from accounts.models import User
from tests.cast import build_cast


@pytest.fixture(autouse=True)
def _fast_hashing_and_private_media(settings, tmp_path):
    # Argon2 is the production hasher (checked in tests/test_settings.py); tests hash with MD5 for speed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cast(db):
    """天津市: one user per role."""
    return build_cast("天津市", "tj", code_offset=0)


@pytest.fixture
def foreign(db):
    """A second tenant with the same roles; nothing of it may ever show to the first."""
    return build_cast("示例市", "fx", code_offset=2)


@pytest.fixture
def api():
    """``api(user)``: an APIClient signed in as a fresh copy of ``user`` (no scope cached from earlier requests)."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=User.objects.get(pk=user.pk))
        return client

    return make


@pytest.fixture
def as_user(client):
    """``as_user(user)``: the test client, signed in as ``user``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
