from datetime import date

import pytest

from accounts.models import Organisation, OrganisationKind
from campaign.models import KickoffMeeting, MemberUnit
from tests.api.conftest import PDF_BYTES

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
        units = []
        for i in range(start, start + n):
            organisation = Organisation.objects.create(
                tenant=cast.tenant, kind=OrganisationKind.MEMBER_UNIT, name=f"测试区{i}"
            )
            unit = MemberUnit.objects.create(
                tenant=cast.tenant,
                organisation=organisation,
                name=f"测试区{i}",
                sort_order=i,
                is_demonstration_zone=i % 3 == 0,
            )
            KickoffMeeting.objects.create(
                campaign=cast.campaign,
                member_unit=unit,
                held_on=date(2023, 5, 10 + i % 20),
                place="会议室",
                attendance=30,
                recorded_by=cast.regulator,
            )
            units.append(unit)
        return units

    return add
