import pytest

from tests.api.conftest import PDF_BYTES
from tests.factories import KickoffMeetingFactory

__all__ = ["PDF_BYTES"]


@pytest.fixture
def as_user(client):
    """``as_user(user)``: the test client, signed in as ``user``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def add_units(cast):
    """``add_units(n)``: n more districts of 天津市, each with a kickoff meeting for the 2023 campaign."""

    def add(n, start=100):
        kickoffs = KickoffMeetingFactory.create_batch(n, campaign=cast.campaign, recorded_by=cast.regulator)
        return [kickoff.member_unit for kickoff in kickoffs]

    return add
