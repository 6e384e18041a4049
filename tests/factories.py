"""factory_boy factories for the rows a test needs beyond the fixed cast (tests/cast.py), e.g. the many rows of a
query-count test. Each takes the tenant (or campaign) it belongs to, so a factory never invents a stray tenant."""

from datetime import date

import factory

from accounts.models import Organisation, OrganisationKind
from campaign.models import KickoffMeeting, MemberUnit


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.MEMBER_UNIT
    name = factory.Sequence(lambda n: f"测试单位{n}")


class MemberUnitFactory(factory.django.DjangoModelFactory):
    """A district of ``tenant``; pass ``tenant=…``."""

    class Meta:
        model = MemberUnit

    name = factory.Sequence(lambda n: f"测试区{n}")
    organisation = factory.SubFactory(
        OrganisationFactory, tenant=factory.SelfAttribute("..tenant"), name=factory.SelfAttribute("..name")
    )
    sort_order = factory.Sequence(lambda n: 100 + n)
    is_demonstration_zone = factory.Sequence(lambda n: n % 3 == 0)


class KickoffMeetingFactory(factory.django.DjangoModelFactory):
    """A kickoff of a new member unit in ``campaign``'s tenant; pass ``campaign=…`` and ``recorded_by=…``."""

    class Meta:
        model = KickoffMeeting

    member_unit = factory.SubFactory(MemberUnitFactory, tenant=factory.SelfAttribute("..campaign.tenant"))
    held_on = factory.Sequence(lambda n: date(2023, 5, 10 + n % 20))
    place = "会议室"
    attendance = factory.Sequence(lambda n: 20 + n)
