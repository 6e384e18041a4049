"""Endpoints for system documents (附件二(三)).

Rows come only through ``visible_to`` (ScopedViewSetMixin, VisiblePrimaryKeyRelatedField, ScopedFilterSet); writes go
through assistance.services, whose ValidationErrors become 400s with field messages and the "stale" one a 409."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action

from assistance.api.shared import CheckedFileField, ReadCreateViewSet, VisibleOr404Field, api_url, enrolment_filter
from assistance.models import DocumentLevel, SystemDocument
from assistance.services import documents as services
from enterprises.models import Enrolment
from portal.api import ScopedFilterSet
from portal.files import SYSTEM_DOCUMENTS, attachment_response


class SystemDocumentFilter(ScopedFilterSet):
    enrolment = enrolment_filter()

    class Meta:
        model = SystemDocument
        fields = ["enrolment", "level"]


class SystemDocumentOutput(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = SystemDocument
        fields = [
            "id",
            "enrolment",
            "level",
            "level_label",
            "title",
            "revision",
            "original_name",
            "file_url",
            "uploaded_at",
        ]

    def get_file_url(self, row) -> str:
        return api_url("api:system-document-file", row.pk, self.context.get("request"))


class SystemDocumentCreateInput(serializers.Serializer):
    enrolment = VisibleOr404Field(queryset=Enrolment.objects.all())
    level = serializers.ChoiceField(choices=DocumentLevel.choices)
    title = serializers.CharField(max_length=200)
    revision = serializers.CharField(max_length=20, default="A/0")
    file = CheckedFileField(kinds=SYSTEM_DOCUMENTS)


@extend_schema(tags=["system documents"])
@extend_schema_view(
    list=extend_schema(summary="System documents the caller may see"), retrieve=extend_schema(summary="One document")
)
class SystemDocumentViewSet(ReadCreateViewSet):
    ordering_fields = ["id", "title", "uploaded_at"]
    queryset = SystemDocument.objects.order_by("enrolment_id", "level", "title", "-uploaded_at", "pk")
    serializer_class = SystemDocumentOutput
    output = SystemDocumentOutput
    filterset_class = SystemDocumentFilter

    @extend_schema(
        summary="Upload a document of the system, or a new revision",
        request={"multipart/form-data": SystemDocumentCreateInput},
        responses={201: SystemDocumentOutput},
    )
    def create(self, request):
        data = self._input(SystemDocumentCreateInput)
        document = services.system_document_add(
            enrolment=data["enrolment"],
            level=data["level"],
            title=data["title"],
            revision=data["revision"],
            upload=data["file"],
            acting_user=request.user,
        )
        return self._output(document, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Download the document", responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        document = self.get_object()
        return attachment_response(document.file, document.original_name)
