"""Endpoints for visits with their photos and files.

Rows come only through ``visible_to`` (ScopedViewSetMixin, VisiblePrimaryKeyRelatedField, ScopedFilterSet); writes go
through assistance.services, whose ValidationErrors become 400s with field messages and the "stale" one a 409."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action

from assistance.api.shared import CheckedFileField, ReadCreateViewSet, VisibleOr404Field, api_url, enrolment_filter
from assistance.models import Visit, VisitFile, VisitKind
from assistance.services import visits as services
from assistance.services.visits import MAX_VISIT_FILES
from enterprises.models import Enrolment
from portal.api import ScopedFilterSet, ScopedViewSetMixin
from portal.files import PHOTOS_AND_DOCUMENTS, attachment_response


class VisitFilter(ScopedFilterSet):
    enrolment = enrolment_filter()

    class Meta:
        model = Visit
        fields = ["enrolment", "kind"]


class VisitFileOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    url = serializers.SerializerMethodField()

    def get_url(self, row) -> str:
        return api_url("api:visit-file-download", row.pk, self.context.get("request"))


class VisitOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    expert_name = serializers.CharField(source="expert.__str__", read_only=True)
    files = VisitFileOutput(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "enrolment",
            "expert",
            "expert_name",
            "kind",
            "kind_label",
            "visited_on",
            "starts_at",
            "ends_at",
            "participants",
            "notes",
            "files",
            "created_at",
        ]


class VisitCreateInput(serializers.Serializer):
    enrolment = VisibleOr404Field(queryset=Enrolment.objects.all())
    kind = serializers.ChoiceField(choices=VisitKind.choices)
    visited_on = serializers.DateField()
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()
    participants = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    files = serializers.ListField(
        child=CheckedFileField(kinds=PHOTOS_AND_DOCUMENTS), required=False, max_length=MAX_VISIT_FILES, default=list
    )


class VisitFileAddInput(serializers.Serializer):
    file = CheckedFileField(kinds=PHOTOS_AND_DOCUMENTS)


@extend_schema(tags=["visits"])
@extend_schema_view(
    list=extend_schema(summary="Visits the caller may see"), retrieve=extend_schema(summary="One visit")
)
class VisitViewSet(ReadCreateViewSet):
    ordering_fields = ["id", "kind", "visited_on", "created_at"]
    queryset = (
        Visit.objects.select_related("expert__user")
        .prefetch_related("files")
        .order_by("-visited_on", "-starts_at", "pk")
    )
    serializer_class = VisitOutput
    output = VisitOutput
    filterset_class = VisitFilter

    @extend_schema(
        summary="Log a visit to an enterprise assigned to the caller (with photos and files)",
        request={"multipart/form-data": VisitCreateInput, "application/json": VisitCreateInput},
        responses={201: VisitOutput},
    )
    def create(self, request):
        data = self._input(VisitCreateInput)
        visit = services.visit_log(acting_user=request.user, **data)
        return self._output(visit, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add a photo or file to a visit",
        request={"multipart/form-data": VisitFileAddInput},
        responses={201: VisitOutput},
    )
    @action(detail=True, methods=["post"])
    def files(self, request, pk=None):
        visit = self.get_object()
        data = self._input(VisitFileAddInput)
        services.visit_file_add(visit=visit, upload=data["file"], acting_user=request.user)
        return self._output(visit, status=status.HTTP_201_CREATED)


@extend_schema(tags=["visits"])
class VisitFileViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    queryset = VisitFile.objects.order_by("pk")

    @extend_schema(
        summary="Download a visit's photo or file", responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        row = self.get_object()
        return attachment_response(row.file, row.original_name)
