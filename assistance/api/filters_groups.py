"""Filters for the groups slice's endpoints; a foreign or unknown id in a filter is a 404 (ScopedFilterSet)."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from assistance.models import Assignment, CertificationAudit, Expert, WorkingGroup
from campaign.models import Campaign, MemberUnit
from enterprises.models import Enrolment
from portal.api import ScopedFilterSet


class WorkingGroupFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())

    class Meta:
        model = WorkingGroup
        fields = ["campaign"]


class ExpertFilter(ScopedFilterSet):
    # The campaign also decides which load is reported; see ExpertViewSet.
    campaign = extend_schema_field(OpenApiTypes.INT)(
        django_filters.ModelChoiceFilter(queryset=Campaign.objects.all(), method="by_campaign")
    )
    home_district = django_filters.ModelChoiceFilter(queryset=MemberUnit.objects.all())

    class Meta:
        model = Expert
        fields = ["campaign", "home_district"]

    def by_campaign(self, queryset, name, value):
        return queryset  # only chooses the campaign of the load figure


class AssignmentFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all(), field_name="enrolment__campaign")
    enrolment = django_filters.ModelChoiceFilter(queryset=Enrolment.objects.all())
    expert = django_filters.ModelChoiceFilter(queryset=Expert.objects.all())
    active = django_filters.BooleanFilter(field_name="ended_at", lookup_expr="isnull")
    overridden = django_filters.BooleanFilter(method="by_overridden")

    class Meta:
        model = Assignment
        fields = ["campaign", "enrolment", "expert", "active", "overridden"]

    def by_overridden(self, queryset, name, value):
        return queryset.exclude(override_reason="") if value else queryset.filter(override_reason="")


class CertificationAuditFilter(ScopedFilterSet):
    enrolment = django_filters.ModelChoiceFilter(queryset=Enrolment.objects.all())

    class Meta:
        model = CertificationAudit
        fields = ["enrolment"]
