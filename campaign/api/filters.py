"""Filters for the campaign API (on portal.api.ScopedFilterSet)."""

import django_filters

from campaign.models import Campaign, KickoffMeeting, MemberUnit
from portal.api import ScopedFilterSet


class KickoffMeetingFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    member_unit = django_filters.ModelChoiceFilter(queryset=MemberUnit.objects.all())

    class Meta:
        model = KickoffMeeting
        fields = ["campaign", "member_unit"]
