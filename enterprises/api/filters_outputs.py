"""Filters of the outputs API (ScopedFilterSet: a foreign or missing id in a filter is a 404)."""

import django_filters

from assistance.models import CertificationBody
from campaign.models import Campaign
from enterprises.models import Case, CaseReview, CaseState, Complaint, ComplaintState, Enrolment
from portal.api import ScopedFilterSet


class CaseFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(field_name="enrolment__campaign", queryset=Campaign.objects.all())
    enrolment = django_filters.ModelChoiceFilter(queryset=Enrolment.objects.all())
    state = django_filters.ChoiceFilter(choices=CaseState.choices)

    class Meta:
        model = Case
        fields = ["campaign", "enrolment", "state"]


class CaseReviewFilter(ScopedFilterSet):
    case = django_filters.ModelChoiceFilter(queryset=Case.objects.all())
    scored = django_filters.BooleanFilter(field_name="score", lookup_expr="isnull", exclude=True)

    class Meta:
        model = CaseReview
        fields = ["case", "scored"]


class ComplaintFilter(ScopedFilterSet):
    body = django_filters.ModelChoiceFilter(queryset=CertificationBody.objects.all())
    state = django_filters.ChoiceFilter(choices=ComplaintState.choices)

    class Meta:
        model = Complaint
        fields = ["body", "state"]
