import pytest
import time_machine

from accounts.models import Membership, Role, User
from enterprises.models import ReviewerProfile
from enterprises.services.enrolments import enrolment_nominate
from tests.domain import populate_domain
from tests.enterprises.helpers import MID_JUNE


@pytest.fixture
def domain(cast):
    """天津市 with one of every enterprise and assistance row (tests/domain.py)."""
    return populate_domain(cast)


@pytest.fixture
def in_june_2023():
    with time_machine.travel(MID_JUNE, tick=False):
        yield


@pytest.fixture
def june(in_june_2023):
    """The same moment as ``in_june_2023`` (in the assistance phase), under the name the outputs tests used."""
    yield


@pytest.fixture
def session_api(client):
    """``session_api(user)``: the browser's way in — the test client with a session (JSON bodies by content_type)."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


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


@pytest.fixture
def nominated(cast):
    return enrolment_nominate(enterprise=cast.enterprise, campaign=cast.campaign, acting_user=cast.district)
