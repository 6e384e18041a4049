"""API of the eligibility screening (R1) and its evidence."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from enterprises.api.common import dataclass_fields, require_version
from enterprises.models import Enrolment, Screening, ScreeningEvidence
from enterprises.services import screening as services
from portal.api import IfMatchMixin, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField
from portal.api_input import JSONParser
from portal.files import DOCUMENTS, validate_upload


class ScreeningEvidenceOutput(serializers.ModelSerializer):
    class Meta:
        model = ScreeningEvidence
        fields = ["id", "original_name", "uploaded_at"]


class ScreeningOutput(serializers.ModelSerializer):
    evidence = ScreeningEvidenceOutput(many=True, read_only=True)
    checked_by = serializers.CharField(source="checked_by.__str__", read_only=True)

    class Meta:
        model = Screening
        fields = [
            "id",
            "enrolment",
            "normal_operation",
            "resources_committed",
            "willing",
            "on_abnormal_operations_list",
            "dishonesty_listed_on",
            "quality_penalty_on",
            "checked_on",
            "checked_by",
            "notes",
            "passed",
            "failure_reasons",
            "evidence",
            "version",
        ]


class _ScreeningFields(serializers.Serializer):
    normal_operation = serializers.BooleanField()
    resources_committed = serializers.BooleanField()
    willing = serializers.BooleanField()
    on_abnormal_operations_list = serializers.BooleanField()
    dishonesty_listed_on = serializers.DateField(required=False, allow_null=True, default=None)
    quality_penalty_on = serializers.DateField(required=False, allow_null=True, default=None)
    checked_on = serializers.DateField()
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ScreeningCreateInput(_ScreeningFields):
    enrolment = VisiblePrimaryKeyRelatedField(queryset=Enrolment.objects.all())


class ScreeningUpdateInput(_ScreeningFields):
    version = serializers.IntegerField(min_value=1)

    def validate(self, attrs):
        return require_version(attrs)


class ScreeningEvidenceInput(serializers.Serializer):
    file = serializers.FileField()

    def validate_file(self, upload):
        # By content, size and zip structure, before the service stores anything.
        validate_upload(upload, kinds=DOCUMENTS)
        return upload


@extend_schema(tags=["enrolments"])
@extend_schema_view(
    list=extend_schema(summary="Eligibility screenings (R1)"),
    retrieve=extend_schema(summary="One screening with its evidence files"),
)
class ScreeningViewSet(
    IfMatchMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    ordering_fields = ["id", "dishonesty_listed_on", "quality_penalty_on", "checked_on"]
    queryset = (
        Screening.objects.select_related("checked_by")
        .prefetch_related(Prefetch("evidence", queryset=ScreeningEvidence.objects.order_by("uploaded_at", "pk")))
        .order_by("-checked_on", "pk")
    )
    serializer_class = ScreeningOutput

    def _output(self, screening, **kwargs):
        return Response(ScreeningOutput(self.get_queryset().get(pk=screening.pk)).data, **kwargs)

    @extend_schema(
        summary="Record the screening of a nominated enrolment",
        request=ScreeningCreateInput,
        responses={201: ScreeningOutput},
    )
    def create(self, request):
        serializer = ScreeningCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        screening = services.screening_record(
            enrolment=data["enrolment"],
            data=services.ScreeningData(**dataclass_fields(data, services.ScreeningData)),
            acting_user=request.user,
        )
        return self._output(screening, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Correct a screening while the enrolment is nominated (send the version you read)",
        request=ScreeningUpdateInput,
        responses={200: ScreeningOutput, 409: OpenApiResponse(description="Changed by someone else meanwhile.")},
    )
    def update(self, request, pk=None):
        screening = self.get_object()
        serializer = ScreeningUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        screening = services.screening_record(
            enrolment=screening.enrolment,
            data=services.ScreeningData(**dataclass_fields(data, services.ScreeningData)),
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(screening)

    @extend_schema(
        summary="Upload an evidence file (PDF, Word or image, checked by content)",
        request={"multipart/form-data": ScreeningEvidenceInput},
        responses={201: ScreeningOutput},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def evidence(self, request, pk=None):
        screening = self.get_object()
        serializer = ScreeningEvidenceInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.screening_evidence_add(
            screening=screening, uploads=[serializer.validated_data["file"]], acting_user=request.user
        )
        return self._output(screening, status=status.HTTP_201_CREATED)
