"""Endpoints for operating the system (R7, 附件二(三)2): the operation start per enrolment, internal audits and
management reviews.

Rows come only through ``visible_to`` (ScopedViewSetMixin, VisiblePrimaryKeyRelatedField, ScopedFilterSet); writes go
through assistance.services, whose ValidationErrors become 400s with field messages and the "stale" one a 409."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from assistance.api.shared import (
    BINARY,
    CONFLICT,
    CheckedFileField,
    OutputMixin,
    ReadCreateViewSet,
    RecordFiles,
    VersionInput,
    VisibleOr404Field,
    api_url,
    enrolment_filter,
)
from assistance.models import Assignment, InternalAudit, ManagementReview, RecordMode
from assistance.policy import MIN_OPERATION_MONTHS, review_possible_from
from assistance.services import operation as services
from enterprises.models import Enrolment
from portal.api import ScopedFilterSet, ScopedViewSetMixin
from portal.files import SYSTEM_DOCUMENTS


class InternalAuditFilter(ScopedFilterSet):
    enrolment = enrolment_filter()

    class Meta:
        model = InternalAudit
        fields = ["enrolment"]


class ManagementReviewFilter(ScopedFilterSet):
    enrolment = enrolment_filter()

    class Meta:
        model = ManagementReview
        fields = ["enrolment"]


class OperationOutput(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    review_possible_from = serializers.SerializerMethodField(
        help_text=f"R7: the first day the system has run {MIN_OPERATION_MONTHS} calendar months."
    )
    has_internal_audit = serializers.BooleanField(read_only=True)
    has_management_review = serializers.BooleanField(read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "enterprise_name",
            "state",
            "state_label",
            "operation_started_on",
            "review_possible_from",
            "has_internal_audit",
            "has_management_review",
            "version",
        ]

    def get_review_possible_from(self, enrolment) -> date | None:
        return review_possible_from(enrolment)


class OperationStartInput(VersionInput):
    operation_started_on = serializers.DateField()


class InternalAuditOutput(serializers.ModelSerializer):
    mode_label = serializers.CharField(source="get_mode_display", read_only=True)
    plan_url = serializers.SerializerMethodField()
    report_url = serializers.SerializerMethodField()

    class Meta:
        model = InternalAudit
        fields = [
            "id",
            "enrolment",
            "mode",
            "mode_label",
            "auditor_training_done",
            "starts_at",
            "ends_at",
            "plan_name",
            "plan_url",
            "report_name",
            "report_url",
            "recorded_at",
        ]

    def get_plan_url(self, row) -> str:
        return api_url("api:internal-audit-plan", row.pk, self.context.get("request"))

    def get_report_url(self, row) -> str:
        return api_url("api:internal-audit-report", row.pk, self.context.get("request"))


class InternalAuditCreateInput(serializers.Serializer):
    enrolment = VisibleOr404Field(queryset=Enrolment.objects.all())
    mode = serializers.ChoiceField(choices=RecordMode.choices, default=RecordMode.CONDUCTED)
    auditor_training_done = serializers.BooleanField(default=False)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    plan_file = CheckedFileField(kinds=SYSTEM_DOCUMENTS)
    report_file = CheckedFileField(kinds=SYSTEM_DOCUMENTS)


class ManagementReviewOutput(serializers.ModelSerializer):
    mode_label = serializers.CharField(source="get_mode_display", read_only=True)
    plan_url = serializers.SerializerMethodField()
    report_url = serializers.SerializerMethodField()

    class Meta:
        model = ManagementReview
        fields = [
            "id",
            "enrolment",
            "mode",
            "mode_label",
            "held_at",
            "plan_name",
            "plan_url",
            "report_name",
            "report_url",
            "recorded_at",
        ]

    def get_plan_url(self, row) -> str:
        return api_url("api:management-review-plan", row.pk, self.context.get("request"))

    def get_report_url(self, row) -> str:
        return api_url("api:management-review-report", row.pk, self.context.get("request"))


class ManagementReviewCreateInput(serializers.Serializer):
    enrolment = VisibleOr404Field(queryset=Enrolment.objects.all())
    mode = serializers.ChoiceField(choices=RecordMode.choices, default=RecordMode.CONDUCTED)
    held_at = serializers.DateTimeField()
    plan_file = CheckedFileField(kinds=SYSTEM_DOCUMENTS)
    report_file = CheckedFileField(kinds=SYSTEM_DOCUMENTS)


@extend_schema(tags=["operation"])
@extend_schema_view(
    list=extend_schema(summary="The assisted enrolments with their operation start and R7 records"),
    retrieve=extend_schema(summary="One enrolment's operation (by enrolment id)"),
)
class OperationViewSet(
    ScopedViewSetMixin, OutputMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    ordering_fields = ["id", "state", "nominated_at", "operation_started_on", "enterprise__name"]
    queryset = (
        Enrolment.objects.filter(Exists(Assignment.objects.filter(enrolment=OuterRef("pk"), ended_at__isnull=True)))
        .select_related("enterprise")
        .annotate(
            has_internal_audit=Exists(InternalAudit.objects.filter(enrolment=OuterRef("pk"))),
            has_management_review=Exists(ManagementReview.objects.filter(enrolment=OuterRef("pk"))),
        )
        .order_by("campaign_id", "enterprise__name", "pk")
    )
    serializer_class = OperationOutput
    output = OperationOutput

    @extend_schema(
        summary="Set the date the system started operating (send the version you read)",
        request=OperationStartInput,
        responses={200: OperationOutput, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        enrolment = (
            Enrolment.objects.visible_to(request.user)
            .select_related("campaign")
            .prefetch_related("campaign__phases")
            .filter(pk=self.get_object().pk)
            .get()
        )
        data = self._input(OperationStartInput)
        saved = services.operation_start_record(
            enrolment=enrolment,
            started_on=data["operation_started_on"],
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(saved)


@extend_schema(tags=["operation"])
@extend_schema_view(
    list=extend_schema(summary="Internal audits the caller may see"),
    retrieve=extend_schema(summary="One internal audit"),
)
class InternalAuditViewSet(RecordFiles, ReadCreateViewSet):
    ordering_fields = ["id", "starts_at", "ends_at", "recorded_at"]
    queryset = InternalAudit.objects.order_by("-starts_at", "pk")
    serializer_class = InternalAuditOutput
    output = InternalAuditOutput
    filterset_class = InternalAuditFilter

    @extend_schema(
        summary="Record an internal audit (R7, 附件二(三)2(1))",
        request={"multipart/form-data": InternalAuditCreateInput},
        responses={201: InternalAuditOutput},
    )
    def create(self, request):
        data = self._input(InternalAuditCreateInput)
        audit = services.internal_audit_record(acting_user=request.user, **data)
        return self._output(audit, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Download the internal audit plan", responses=BINARY)
    @action(detail=True, methods=["get"])
    def plan(self, request, pk=None):
        return self._file("plan")

    @extend_schema(summary="Download the internal audit report", responses=BINARY)
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        return self._file("report")


@extend_schema(tags=["operation"])
@extend_schema_view(
    list=extend_schema(summary="Management reviews the caller may see"),
    retrieve=extend_schema(summary="One management review"),
)
class ManagementReviewViewSet(RecordFiles, ReadCreateViewSet):
    ordering_fields = ["id", "held_at", "recorded_at"]
    queryset = ManagementReview.objects.order_by("-held_at", "pk")
    serializer_class = ManagementReviewOutput
    output = ManagementReviewOutput
    filterset_class = ManagementReviewFilter

    @extend_schema(
        summary="Record a management review (R7, 附件二(三)2(2))",
        request={"multipart/form-data": ManagementReviewCreateInput},
        responses={201: ManagementReviewOutput},
    )
    def create(self, request):
        data = self._input(ManagementReviewCreateInput)
        review = services.management_review_record(acting_user=request.user, **data)
        return self._output(review, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Download the management review plan", responses=BINARY)
    @action(detail=True, methods=["get"])
    def plan(self, request, pk=None):
        return self._file("plan")

    @extend_schema(summary="Download the management review report", responses=BINARY)
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        return self._file("report")
