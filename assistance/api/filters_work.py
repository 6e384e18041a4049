"""Filters for the expert's work endpoints; a foreign or missing id in a filter is a 404 (ScopedFilterSet)."""

import django_filters

from assistance.models import (
    Diagnosis,
    InternalAudit,
    ManagementReview,
    Plan,
    Problem,
    ProblemStatus,
    SystemDocument,
    Training,
    TrainingKind,
    Visit,
)
from campaign.models import Campaign, MemberUnit
from enterprises.models import Enrolment
from portal.api import ScopedFilterSet


def _enrolment_filter(field_name="enrolment"):
    return django_filters.ModelChoiceFilter(field_name=field_name, queryset=Enrolment.objects.all())


class VisitFilter(ScopedFilterSet):
    enrolment = _enrolment_filter()

    class Meta:
        model = Visit
        fields = ["enrolment", "kind"]


class DiagnosisFilter(ScopedFilterSet):
    enrolment = _enrolment_filter()

    class Meta:
        model = Diagnosis
        fields = ["enrolment"]


class ProblemFilter(ScopedFilterSet):
    enrolment = _enrolment_filter("diagnosis__enrolment")
    diagnosis = django_filters.ModelChoiceFilter(queryset=Diagnosis.objects.all())
    status = django_filters.ChoiceFilter(choices=ProblemStatus.choices)

    class Meta:
        model = Problem
        fields = ["enrolment", "diagnosis", "status"]


class PlanFilter(ScopedFilterSet):
    enrolment = _enrolment_filter()

    class Meta:
        model = Plan
        fields = ["enrolment"]


class SystemDocumentFilter(ScopedFilterSet):
    enrolment = _enrolment_filter()

    class Meta:
        model = SystemDocument
        fields = ["enrolment", "level"]


class InternalAuditFilter(ScopedFilterSet):
    enrolment = _enrolment_filter()

    class Meta:
        model = InternalAudit
        fields = ["enrolment"]


class ManagementReviewFilter(ScopedFilterSet):
    enrolment = _enrolment_filter()

    class Meta:
        model = ManagementReview
        fields = ["enrolment"]


class TrainingFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    district = django_filters.ModelChoiceFilter(queryset=MemberUnit.objects.all())
    kind = django_filters.ChoiceFilter(choices=TrainingKind.choices)

    class Meta:
        model = Training
        fields = ["campaign", "district", "kind"]
