"""Filters of the reports API; model choices limited to what the caller sees (ScopedFilterSet)."""

from __future__ import annotations

import django_filters

from campaign.models import Campaign
from portal.api import ScopedFilterSet
from portal.jobs import JobStatus
from reporting.models import ReportJob


class ReportJobFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    kind = django_filters.CharFilter()
    status = django_filters.ChoiceFilter(choices=JobStatus.choices)

    class Meta:
        model = ReportJob
        fields = ["campaign", "kind", "status"]
