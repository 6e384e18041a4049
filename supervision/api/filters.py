"""Filters of the supervision API; model choices limited to what the caller sees (ScopedFilterSet)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone

from assistance.models import CertificationBody
from campaign.models import Campaign, MemberUnit
from enterprises.models import Enterprise
from portal.api import ScopedFilterSet
from supervision.models import (
    RectificationRequest,
    RectificationState,
    RoundState,
    SupervisionRound,
    SupervisionVisit,
)


class RoundFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    state = django_filters.ChoiceFilter(choices=RoundState.choices)

    class Meta:
        model = SupervisionRound
        fields = ["campaign", "state"]


class VisitFilter(ScopedFilterSet):
    round = django_filters.ModelChoiceFilter(queryset=SupervisionRound.objects.all())

    class Meta:
        model = SupervisionVisit
        fields = ["round"]


class RequestFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    round = django_filters.ModelChoiceFilter(field_name="visit__round", queryset=SupervisionRound.objects.all())
    state = django_filters.ChoiceFilter(choices=RectificationState.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    member_unit = django_filters.ModelChoiceFilter(queryset=MemberUnit.objects.all())
    body = django_filters.ModelChoiceFilter(queryset=CertificationBody.objects.all())
    enterprise = django_filters.ModelChoiceFilter(queryset=Enterprise.objects.all())

    class Meta:
        model = RectificationRequest
        fields = ["campaign", "round", "state", "overdue", "member_unit", "body", "enterprise"]

    def filter_overdue(self, queryset, name, value):
        late = ~Q(state=RectificationState.CLOSED) & Q(due_on__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


# --- viewsets -----------------------------------------------------------------------------------------------------
