"""The expert's work API: visits (+files), diagnoses, problems (+status), plans, system documents, operation start,
internal audits, management reviews and trainings (+R8 compliance per district).

Rows come only through ``visible_to`` (ScopedViewSetMixin); ids in bodies and filters outside it are 404s; writes go
through assistance.services, whose ValidationError is a 400 with field messages and PermissionDenied a 403.
"""

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

import assistance.rules  # noqa: F401  (registers the perms the services check)
from assistance.api import serializers_work as s
from assistance.api.filters_work import (
    DiagnosisFilter,
    InternalAuditFilter,
    ManagementReviewFilter,
    PlanFilter,
    ProblemFilter,
    SystemDocumentFilter,
    TrainingFilter,
    VisitFilter,
)
from assistance.models import (
    Assignment,
    Diagnosis,
    InternalAudit,
    ManagementReview,
    Plan,
    Problem,
    SystemDocument,
    Training,
    Visit,
    VisitFile,
)
from assistance.selectors.work import get_visible_campaign, training_compliance
from assistance.services import operation, training, work
from campaign.selectors import campaign_current
from enterprises.models import Enrolment, Enterprise
from portal.api import ScopedViewSetMixin
from portal.files import attachment_response

_CONFLICT = {409: OpenApiResponse(description="Changed by someone else meanwhile.")}


class _OutputMixin:
    output = None

    def _output(self, row, **kwargs):
        fresh = self.get_queryset().get(pk=row.pk)
        return Response(self.output(fresh, context=self.get_serializer_context()).data, **kwargs)

    def _input(self, serializer_class, **kwargs):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class _ReadCreate(
    ScopedViewSetMixin, _OutputMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    pass


@extend_schema(tags=["visits"])
@extend_schema_view(
    list=extend_schema(summary="Visits the caller may see"), retrieve=extend_schema(summary="One visit")
)
class VisitViewSet(_ReadCreate):
    queryset = (
        Visit.objects.select_related("expert__user")
        .prefetch_related("files")
        .order_by("-visited_on", "-starts_at", "pk")
    )
    serializer_class = s.VisitOutput
    output = s.VisitOutput
    filterset_class = VisitFilter

    @extend_schema(
        summary="Log a visit to an enterprise assigned to the caller (with photos and files)",
        request={"multipart/form-data": s.VisitCreateInput, "application/json": s.VisitCreateInput},
        responses={201: s.VisitOutput},
    )
    def create(self, request):
        data = self._input(s.VisitCreateInput)
        visit = work.visit_log(acting_user=request.user, **data)
        return self._output(visit, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add a photo or file to a visit",
        request={"multipart/form-data": s.VisitFileAddInput},
        responses={201: s.VisitOutput},
    )
    @action(detail=True, methods=["post"])
    def files(self, request, pk=None):
        visit = self.get_object()
        data = self._input(s.VisitFileAddInput)
        work.visit_file_add(visit=visit, upload=data["file"], acting_user=request.user)
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


@extend_schema(tags=["diagnoses"])
@extend_schema_view(
    list=extend_schema(summary="Diagnoses the caller may see"), retrieve=extend_schema(summary="One diagnosis")
)
class DiagnosisViewSet(_ReadCreate, mixins.UpdateModelMixin):
    queryset = Diagnosis.objects.select_related("diagnosed_by").order_by("pk")
    serializer_class = s.DiagnosisOutput
    output = s.DiagnosisOutput
    filterset_class = DiagnosisFilter
    http_method_names = ["get", "post", "put", "head", "options"]

    @extend_schema(
        summary="Record the diagnosis of an enrolment (附件二(二))",
        request=s.DiagnosisCreateInput,
        responses={201: s.DiagnosisOutput},
    )
    def create(self, request):
        data = self._input(s.DiagnosisCreateInput)
        diagnosis = work.diagnosis_record(acting_user=request.user, **data)
        return self._output(diagnosis, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change the diagnosis (send the version you read)",
        request=s.DiagnosisUpdateInput,
        responses={200: s.DiagnosisOutput, **_CONFLICT},
    )
    def update(self, request, pk=None):
        diagnosis = self.get_object()
        data = self._input(s.DiagnosisUpdateInput)
        version = data.pop("version")
        saved = work.diagnosis_update(diagnosis=diagnosis, expected_version=version, acting_user=request.user, **data)
        return self._output(saved)


@extend_schema(tags=["problems"])
@extend_schema_view(
    list=extend_schema(summary="Problems of the diagnoses the caller may see"),
    retrieve=extend_schema(summary="One problem"),
)
class ProblemViewSet(_ReadCreate, mixins.UpdateModelMixin):
    queryset = Problem.objects.select_related("diagnosis").order_by("diagnosis_id", "status", "due_on", "pk")
    serializer_class = s.ProblemOutput
    output = s.ProblemOutput
    filterset_class = ProblemFilter
    http_method_names = ["get", "post", "put", "head", "options"]

    @extend_schema(
        summary="Add a problem to a diagnosis's list", request=s.ProblemCreateInput, responses={201: s.ProblemOutput}
    )
    def create(self, request):
        data = self._input(s.ProblemCreateInput)
        problem = work.problem_add(acting_user=request.user, **data)
        return self._output(problem, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a problem (send the version you read)",
        request=s.ProblemUpdateInput,
        responses={200: s.ProblemOutput, **_CONFLICT},
    )
    def update(self, request, pk=None):
        problem = self.get_object()
        data = self._input(s.ProblemUpdateInput)
        version = data.pop("version")
        saved = work.problem_update(problem=problem, expected_version=version, acting_user=request.user, **data)
        return self._output(saved)

    @extend_schema(
        summary="Move a problem: open → in progress → solved → verified (verified needs the internal audit)",
        request=s.ProblemStatusInput,
        responses={200: s.ProblemOutput, **_CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def move(self, request, pk=None):
        problem = self.get_object()
        data = self._input(s.ProblemStatusInput)
        saved = work.problem_move(
            problem=problem, to=data["to"], expected_version=data["version"], acting_user=request.user
        )
        return self._output(saved)


@extend_schema(tags=["plans"])
@extend_schema_view(
    list=extend_schema(summary="Plans (一企一策) the caller may see"), retrieve=extend_schema(summary="One plan")
)
class PlanViewSet(_ReadCreate, mixins.UpdateModelMixin):
    queryset = Plan.objects.order_by("pk")
    serializer_class = s.PlanOutput
    output = s.PlanOutput
    filterset_class = PlanFilter
    http_method_names = ["get", "post", "put", "head", "options"]

    @extend_schema(
        summary="Write the plan of an enrolment (needs its diagnosis)",
        request=s.PlanCreateInput,
        responses={201: s.PlanOutput},
    )
    def create(self, request):
        data = self._input(s.PlanCreateInput)
        plan = work.plan_record(acting_user=request.user, **data)
        return self._output(plan, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change the plan (send the version you read)",
        request=s.PlanUpdateInput,
        responses={200: s.PlanOutput, **_CONFLICT},
    )
    def update(self, request, pk=None):
        plan = self.get_object()
        data = self._input(s.PlanUpdateInput)
        version = data.pop("version")
        saved = work.plan_update(plan=plan, expected_version=version, acting_user=request.user, **data)
        return self._output(saved)


@extend_schema(tags=["system documents"])
@extend_schema_view(
    list=extend_schema(summary="System documents the caller may see"), retrieve=extend_schema(summary="One document")
)
class SystemDocumentViewSet(_ReadCreate):
    queryset = SystemDocument.objects.order_by("enrolment_id", "level", "title", "-uploaded_at", "pk")
    serializer_class = s.SystemDocumentOutput
    output = s.SystemDocumentOutput
    filterset_class = SystemDocumentFilter

    @extend_schema(
        summary="Upload a document of the system, or a new revision",
        request={"multipart/form-data": s.SystemDocumentCreateInput},
        responses={201: s.SystemDocumentOutput},
    )
    def create(self, request):
        data = self._input(s.SystemDocumentCreateInput)
        document = work.system_document_add(
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


@extend_schema(tags=["operation"])
@extend_schema_view(
    list=extend_schema(summary="The assisted enrolments with their operation start and R7 records"),
    retrieve=extend_schema(summary="One enrolment's operation (by enrolment id)"),
)
class OperationViewSet(
    ScopedViewSetMixin, _OutputMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = (
        Enrolment.objects.filter(Exists(Assignment.objects.filter(enrolment=OuterRef("pk"), ended_at__isnull=True)))
        .select_related("enterprise")
        .annotate(
            has_internal_audit=Exists(InternalAudit.objects.filter(enrolment=OuterRef("pk"))),
            has_management_review=Exists(ManagementReview.objects.filter(enrolment=OuterRef("pk"))),
        )
        .order_by("campaign_id", "enterprise__name", "pk")
    )
    serializer_class = s.OperationOutput
    output = s.OperationOutput

    @extend_schema(
        summary="Set the date the system started operating (send the version you read)",
        request=s.OperationStartInput,
        responses={200: s.OperationOutput, **_CONFLICT},
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
        data = self._input(s.OperationStartInput)
        saved = operation.operation_start_record(
            enrolment=enrolment,
            started_on=data["operation_started_on"],
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(saved)


class _RecordFiles:
    def _file(self, which):
        row = self.get_object()
        return attachment_response(getattr(row, f"{which}_file"), getattr(row, f"{which}_name"))


_BINARY = {(200, "application/octet-stream"): OpenApiTypes.BINARY}


@extend_schema(tags=["operation"])
@extend_schema_view(
    list=extend_schema(summary="Internal audits the caller may see"),
    retrieve=extend_schema(summary="One internal audit"),
)
class InternalAuditViewSet(_RecordFiles, _ReadCreate):
    queryset = InternalAudit.objects.order_by("-starts_at", "pk")
    serializer_class = s.InternalAuditOutput
    output = s.InternalAuditOutput
    filterset_class = InternalAuditFilter

    @extend_schema(
        summary="Record an internal audit (R7, 附件二(三)2(1))",
        request={"multipart/form-data": s.InternalAuditCreateInput},
        responses={201: s.InternalAuditOutput},
    )
    def create(self, request):
        data = self._input(s.InternalAuditCreateInput)
        audit = operation.internal_audit_record(acting_user=request.user, **data)
        return self._output(audit, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Download the internal audit plan", responses=_BINARY)
    @action(detail=True, methods=["get"])
    def plan(self, request, pk=None):
        return self._file("plan")

    @extend_schema(summary="Download the internal audit report", responses=_BINARY)
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        return self._file("report")


@extend_schema(tags=["operation"])
@extend_schema_view(
    list=extend_schema(summary="Management reviews the caller may see"),
    retrieve=extend_schema(summary="One management review"),
)
class ManagementReviewViewSet(_RecordFiles, _ReadCreate):
    queryset = ManagementReview.objects.order_by("-held_at", "pk")
    serializer_class = s.ManagementReviewOutput
    output = s.ManagementReviewOutput
    filterset_class = ManagementReviewFilter

    @extend_schema(
        summary="Record a management review (R7, 附件二(三)2(2))",
        request={"multipart/form-data": s.ManagementReviewCreateInput},
        responses={201: s.ManagementReviewOutput},
    )
    def create(self, request):
        data = self._input(s.ManagementReviewCreateInput)
        review = operation.management_review_record(acting_user=request.user, **data)
        return self._output(review, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Download the management review plan", responses=_BINARY)
    @action(detail=True, methods=["get"])
    def plan(self, request, pk=None):
        return self._file("plan")

    @extend_schema(summary="Download the management review report", responses=_BINARY)
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        return self._file("report")


@extend_schema(tags=["trainings"])
@extend_schema_view(
    list=extend_schema(summary="Trainings the caller may see"), retrieve=extend_schema(summary="One training")
)
class TrainingViewSet(_ReadCreate):
    queryset = Training.objects.select_related("district", "organiser").order_by("-held_on", "pk")
    serializer_class = s.TrainingOutput
    output = s.TrainingOutput
    filterset_class = TrainingFilter

    def get_queryset(self):
        # Attending enterprises are listed only as far as the caller may see them (an enterprise sees itself).
        visible = Enterprise.objects.visible_to(self.request.user).order_by("pk")
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("enterprises", queryset=visible, to_attr="visible_enterprises"))
        )

    @extend_schema(
        summary="Record a training (the organiser is the caller's organisation)",
        request={"multipart/form-data": s.TrainingCreateInput, "application/json": s.TrainingCreateInput},
        responses={201: s.TrainingOutput},
    )
    def create(self, request):
        data = self._input(s.TrainingCreateInput)
        row = training.training_record(acting_user=request.user, **data)
        return self._output(row, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Download the training materials", responses=_BINARY)
    @action(detail=True, methods=["get"])
    def materials(self, request, pk=None):
        row = self.get_object()
        return attachment_response(row.materials, row.materials_name)

    @extend_schema(
        summary="R8 per district: centralised and industry trainings held in the campaign, and what is missing",
        parameters=[OpenApiParameter("campaign", int, description="Defaults to the current campaign.")],
        responses={200: s.TrainingComplianceOutput(many=True)},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def compliance(self, request):
        if not request.user.has_perm("assistance.view_training_compliance"):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied
        campaign_id = request.query_params.get("campaign", "")
        if campaign_id:
            if not campaign_id.isdigit():
                raise Http404
            campaign = get_visible_campaign(request.user, int(campaign_id))
        else:
            campaign = campaign_current(user=request.user)
        rows = training_compliance(user=request.user, campaign=campaign) if campaign else []
        return Response(s.TrainingComplianceOutput(rows, many=True).data)
