"""Filters for the records API; foreign or unknown ids are a 404 (campaign.api.filters.ScopedFilterSet)."""

import django_filters

from campaign.models import Campaign, MemberUnit
from enterprises.models import Certificate, Cluster, Enrolment, EnrolmentState, Enterprise
from portal.api import ScopedFilterSet


class EnterpriseFilter(ScopedFilterSet):
    district = django_filters.ModelChoiceFilter(queryset=MemberUnit.objects.all())
    cluster = django_filters.ChoiceFilter(choices=Cluster.choices)

    class Meta:
        model = Enterprise
        fields = ["district", "cluster"]


class CertificateFilter(ScopedFilterSet):
    enterprise = django_filters.ModelChoiceFilter(queryset=Enterprise.objects.all())

    class Meta:
        model = Certificate
        fields = ["enterprise"]


class EnrolmentFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    district = django_filters.ModelChoiceFilter(queryset=MemberUnit.objects.all(), field_name="enterprise__district")
    state = django_filters.ChoiceFilter(choices=EnrolmentState.choices)
    cluster = django_filters.ChoiceFilter(choices=Cluster.choices, field_name="enterprise__cluster")
    overdue = django_filters.BooleanFilter(field_name="is_overdue")
    audit_due = django_filters.BooleanFilter(field_name="audit_due")

    class Meta:
        model = Enrolment
        fields = ["campaign", "district", "state", "cluster", "overdue", "audit_due"]
