"""API of the 《企业实施情况及成效总结》."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from enterprises.forms.summaries import SUMMARY_KINDS
from enterprises.models import Enrolment, ImplementationSummary
from enterprises.services import summaries as services
from portal.api import ScopedViewSetMixin, VisiblePrimaryKeyRelatedField
from portal.files import attachment_response, original_name, validate_upload


class SummaryOutput(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.__str__", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ImplementationSummary
        fields = ["id", "enrolment", "original_name", "uploaded_by", "uploaded_at", "version", "download_url"]

    def get_download_url(self, summary) -> str:
        return reverse("api:summary-download", args=[summary.pk], request=self.context.get("request"))


class SummaryUploadInput(serializers.Serializer):
    """Upload (or replace) the summary of a visible enrolment."""

    enrolment = VisiblePrimaryKeyRelatedField(queryset=Enrolment.objects.all())
    file = serializers.FileField()

    def validate_file(self, upload):
        validate_upload(upload, kinds=SUMMARY_KINDS)
        return upload


@extend_schema(tags=["implementation summaries"])
@extend_schema_view(
    list=extend_schema(summary="Implementation summaries the caller may see"),
    retrieve=extend_schema(summary="One implementation summary"),
)
class SummaryViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """四(三), 附件二(四): 《企业实施情况及成效总结》, one per enrolment; a new upload replaces it."""

    ordering_fields = ["id", "uploaded_at"]

    queryset = ImplementationSummary.objects.select_related("uploaded_by").order_by("-uploaded_at", "pk")
    serializer_class = SummaryOutput

    @extend_schema(
        summary="Upload or replace the summary of the caller's enrolment (PDF or Word)",
        request={"multipart/form-data": SummaryUploadInput},
        responses={201: SummaryOutput},
    )
    def create(self, request):
        serializer = SummaryUploadInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        summary = services.summary_upload(
            enrolment=serializer.validated_data["enrolment"],
            upload=upload,
            name=original_name(upload),
            acting_user=request.user,
        )
        fresh = self.get_queryset().get(pk=summary.pk)
        return Response(SummaryOutput(fresh, context=self.get_serializer_context()).data, status=201)

    @extend_schema(summary="Download the summary", responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        summary = self.get_object()
        return attachment_response(summary.file, summary.original_name)
