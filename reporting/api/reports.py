"""API of the reports (DESIGN.md §7, §8): list, ask for one, read one, download the finished file. Rows through
visible_to; writes through reporting.services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api import ScopedViewSetMixin
from portal.files import attachment_response
from portal.jobs import JobStatus
from reporting.api.filters import ReportJobFilter
from reporting.api.serializers import ReportJobCreateInput, ReportJobCreateOutput, ReportJobOutput
from reporting.models import ReportJob
from reporting.selectors import JOB_RELATED, report_scope_resolve
from reporting.services import report_request


@extend_schema(tags=["reports"])
@extend_schema_view(
    list=extend_schema(summary="我可查看的报告（最新在前）"),
    retrieve=extend_schema(summary="一份报告及其进度"),
)
class ReportJobViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Report jobs: queued → running → done / failed; the file is downloaded once done."""

    queryset = ReportJob.objects.select_related(*JOB_RELATED).defer("snapshot").order_by("-created_at", "-pk")
    serializer_class = ReportJobOutput
    filterset_class = ReportJobFilter
    ordering_fields = ("created_at", "finished_at", "kind", "status")

    @extend_schema(
        summary="申请生成报告（同一报告正在排队或生成时返回该报告）",
        request=ReportJobCreateInput,
        responses={201: ReportJobCreateOutput, 200: ReportJobCreateOutput},
    )
    def create(self, request, *args, **kwargs):
        serializer = ReportJobCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report_scope = report_scope_resolve(
            user=request.user, campaign=data["campaign"], scope_name=data["scope"], target_id=data.get("scope_id")
        )
        if report_scope is None:
            raise Http404
        if data["scope"] != report_scope.name:
            raise PermissionDenied
        job, created = report_request(user=request.user, kind_key=data["kind"], report_scope=report_scope)
        fresh = self.get_queryset().get(pk=job.pk)
        fresh.created = created  # type: ignore[attr-defined]
        return Response(ReportJobCreateOutput(fresh).data, status=201 if created else 200)

    @extend_schema(summary="下载报告文件", responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        job = self.get_object()
        if job.status != JobStatus.DONE or not job.file:
            raise Http404
        return attachment_response(job.file, job.download_name)
