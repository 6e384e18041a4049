"""Endpoints for diagnoses (附件二(二)) and their problems.

Rows come only through ``visible_to`` (ScopedViewSetMixin, VisiblePrimaryKeyRelatedField, ScopedFilterSet); writes go
through assistance.services, whose ValidationErrors become 400s with field messages and the "stale" one a 409."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from assistance.api.shared import CONFLICT, ReadCreateViewSet, VersionInput, VisibleOr404Field, enrolment_filter
from assistance.models import Diagnosis, Problem, ProblemStatus, Urgency
from assistance.services import diagnosis as services
from enterprises.models import Enrolment
from portal.api import IfMatchMixin, ScopedFilterSet


class DiagnosisFilter(ScopedFilterSet):
    enrolment = enrolment_filter()

    class Meta:
        model = Diagnosis
        fields = ["enrolment"]


class ProblemFilter(ScopedFilterSet):
    enrolment = enrolment_filter("diagnosis__enrolment")
    diagnosis = django_filters.ModelChoiceFilter(queryset=Diagnosis.objects.all())
    status = django_filters.ChoiceFilter(choices=ProblemStatus.choices)

    class Meta:
        model = Problem
        fields = ["enrolment", "diagnosis", "status"]


class DiagnosisOutput(serializers.ModelSerializer):
    diagnosed_by = serializers.CharField(source="diagnosed_by.__str__", read_only=True)

    class Meta:
        model = Diagnosis
        fields = [
            "id",
            "enrolment",
            "diagnosed_on",
            "legal_qualifications_ok",
            "dishonesty_list_checked",
            "no_quality_penalty",
            "overall_state",
            "starting_point",
            "resource_limits",
            "policy_changes",
            "diagnosed_by",
            "version",
        ]


class _DiagnosisFields(serializers.Serializer):
    diagnosed_on = serializers.DateField()
    legal_qualifications_ok = serializers.BooleanField()
    dishonesty_list_checked = serializers.BooleanField()
    no_quality_penalty = serializers.BooleanField()
    overall_state = serializers.CharField(max_length=5000)
    starting_point = serializers.CharField(max_length=5000)
    resource_limits = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    policy_changes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class DiagnosisCreateInput(_DiagnosisFields):
    enrolment = VisibleOr404Field(queryset=Enrolment.objects.all())


class DiagnosisUpdateInput(_DiagnosisFields, VersionInput):
    pass


class ProblemOutput(serializers.ModelSerializer):
    enrolment = serializers.IntegerField(source="diagnosis.enrolment_id", read_only=True)
    urgency_label = serializers.CharField(source="get_urgency_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Problem
        fields = [
            "id",
            "diagnosis",
            "enrolment",
            "category",
            "description",
            "urgency",
            "urgency_label",
            "enterprise_ideas",
            "measures",
            "owner",
            "due_on",
            "status",
            "status_label",
            "solution_note",
            "version",
        ]


class _ProblemFields(serializers.Serializer):
    category = serializers.CharField(max_length=60)
    description = serializers.CharField(max_length=5000)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.MEDIUM)
    enterprise_ideas = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    measures = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    owner = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class ProblemCreateInput(_ProblemFields):
    diagnosis = VisibleOr404Field(queryset=Diagnosis.objects.all())


class ProblemUpdateInput(_ProblemFields, VersionInput):
    pass


class ProblemStatusInput(VersionInput):
    to = serializers.ChoiceField(choices=ProblemStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


@extend_schema(tags=["diagnoses"])
@extend_schema_view(
    list=extend_schema(summary="Diagnoses the caller may see"), retrieve=extend_schema(summary="One diagnosis")
)
class DiagnosisViewSet(IfMatchMixin, ReadCreateViewSet, mixins.UpdateModelMixin):
    ordering_fields = ["id", "diagnosed_on"]
    queryset = Diagnosis.objects.select_related("diagnosed_by").order_by("pk")
    serializer_class = DiagnosisOutput
    output = DiagnosisOutput
    filterset_class = DiagnosisFilter
    http_method_names = ["get", "post", "put", "head", "options"]

    @extend_schema(
        summary="Record the diagnosis of an enrolment (附件二(二))",
        request=DiagnosisCreateInput,
        responses={201: DiagnosisOutput},
    )
    def create(self, request):
        data = self._input(DiagnosisCreateInput)
        diagnosis = services.diagnosis_record(acting_user=request.user, **data)
        return self._output(diagnosis, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change the diagnosis (send the version you read)",
        request=DiagnosisUpdateInput,
        responses={200: DiagnosisOutput, **CONFLICT},
    )
    def update(self, request, pk=None):
        diagnosis = self.get_object()
        data = self._input(DiagnosisUpdateInput)
        version = data.pop("version")
        saved = services.diagnosis_update(
            diagnosis=diagnosis, expected_version=version, acting_user=request.user, **data
        )
        return self._output(saved)


@extend_schema(tags=["problems"])
@extend_schema_view(
    list=extend_schema(summary="Problems of the diagnoses the caller may see"),
    retrieve=extend_schema(summary="One problem"),
)
class ProblemViewSet(IfMatchMixin, ReadCreateViewSet, mixins.UpdateModelMixin):
    ordering_fields = ["id", "due_on", "status"]
    queryset = Problem.objects.select_related("diagnosis").order_by("diagnosis_id", "status", "due_on", "pk")
    serializer_class = ProblemOutput
    output = ProblemOutput
    filterset_class = ProblemFilter
    http_method_names = ["get", "post", "put", "head", "options"]

    @extend_schema(
        summary="Add a problem to a diagnosis's list", request=ProblemCreateInput, responses={201: ProblemOutput}
    )
    def create(self, request):
        data = self._input(ProblemCreateInput)
        problem = services.problem_add(acting_user=request.user, **data)
        return self._output(problem, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a problem (send the version you read)",
        request=ProblemUpdateInput,
        responses={200: ProblemOutput, **CONFLICT},
    )
    def update(self, request, pk=None):
        problem = self.get_object()
        data = self._input(ProblemUpdateInput)
        version = data.pop("version")
        saved = services.problem_update(problem=problem, expected_version=version, acting_user=request.user, **data)
        return self._output(saved)

    @extend_schema(
        summary="Move a problem: open → in progress → solved → verified (verified needs the internal audit)",
        request=ProblemStatusInput,
        responses={200: ProblemOutput, **CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def move(self, request, pk=None):
        problem = self.get_object()
        data = self._input(ProblemStatusInput)
        saved = services.problem_move(
            problem=problem,
            to=data["to"],
            expected_version=data["version"],
            acting_user=request.user,
            note=data["note"],
        )
        return self._output(saved)
