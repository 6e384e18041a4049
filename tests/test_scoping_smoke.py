from campaign.models import Campaign, KickoffMeeting, MemberUnit
from enterprises.models import Enterprise


def test_each_tenant_sees_only_its_own_campaign(cast, foreign):
    assert list(Campaign.objects.visible_to(cast.regulator)) == [cast.campaign]
    assert list(Campaign.objects.visible_to(foreign.regulator)) == [foreign.campaign]


def test_district_sees_only_itself_and_its_enterprises(cast, foreign):
    assert list(MemberUnit.objects.visible_to(cast.district)) == [cast.district_unit]
    assert list(Enterprise.objects.visible_to(cast.district)) == [cast.enterprise]
    assert not KickoffMeeting.objects.visible_to(cast.expert).exists()
