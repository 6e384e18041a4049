"""The outputs API: outcome figures (R10), implementation summaries, practice cases with their review (R10, R11,
R13) and complaints (五(二)2).

Rows come only through ``visible_to`` (ScopedViewSetMixin); writes go through enterprises.services.outputs, whose
Django ValidationError becomes a 400 with field messages and PermissionDenied a 403 (portal.api.exception_handler).
A write based on a stale version is a 409.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.scope import scope_of
from enterprises.api import serializers_outputs as s
from enterprises.api.filters_outputs import CaseFilter, CaseReviewFilter, ComplaintFilter
from enterprises.models import (
    Case,
    CaseAttachment,
    CaseReview,
    Complaint,
    Enrolment,
    Enterprise,
    ImplementationSummary,
    OutcomeFigures,
)
from enterprises.services import outputs as services
from portal.api import ScopedViewSetMixin
from portal.files import attachment_response, original_name

_CONFLICT = OpenApiResponse(description="Changed by someone else meanwhile.")


@extend_schema(tags=["outcome figures"])
class OutcomeFiguresViewSet(viewsets.ViewSet):
    """R10: the outcome figures of one enrolment, addressed by the enrolment's id."""

    lookup_value_regex = r"\d+"

    def _enrolment(self, pk) -> Enrolment:
        enrolment = Enrolment.objects.visible_to(self.request.user).filter(pk=pk).first()
        if enrolment is None:
            raise Http404
        return enrolment

    def _output(self, enrolment):
        outcome = (
            OutcomeFigures.objects.visible_to(self.request.user)
            .select_related("updated_by")
            .filter(enrolment=enrolment)
            .first()
        )
        return Response(s.OutcomeFiguresOutput(s.OutcomeFiguresOutput.build(enrolment, outcome)).data)

    @extend_schema(summary="The outcome figures of an enrolment", responses={200: s.OutcomeFiguresOutput})
    def retrieve(self, request, pk=None):
        return self._output(self._enrolment(pk))

    @extend_schema(
        summary="Record the outcome figures (the enterprise or its assigned expert; send the version you read)",
        request=s.OutcomeFiguresUpdateInput,
        responses={200: s.OutcomeFiguresOutput, 409: _CONFLICT},
    )
    def update(self, request, pk=None, partial=False):
        enrolment = self._enrolment(pk)
        if not request.user.has_perm("enterprises.change_outcome", enrolment):
            raise exceptions.PermissionDenied
        serializer = s.OutcomeFiguresUpdateInput(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "version" not in data:
            raise exceptions.ValidationError({"version": [_("Send the version you read.")]})
        version = data.pop("version")
        current = OutcomeFigures.objects.filter(enrolment=enrolment).first()
        figures = {name: getattr(current, name) if current else None for name in services.OUTCOME_FIELDS}
        figures.update(data)
        services.outcome_save(enrolment=enrolment, figures=figures, expected_version=version, acting_user=request.user)
        return self._output(enrolment)

    @extend_schema(
        summary="Change some outcome figures (send the version you read)",
        request=s.OutcomeFiguresUpdateInput,
        responses={200: s.OutcomeFiguresOutput, 409: _CONFLICT},
    )
    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)


@extend_schema(tags=["implementation summaries"])
@extend_schema_view(
    list=extend_schema(summary="Implementation summaries the caller may see"),
    retrieve=extend_schema(summary="One implementation summary"),
)
class SummaryViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """四(三), 附件二(四): 《企业实施情况及成效总结》, one per enrolment; a new upload replaces it."""

    queryset = ImplementationSummary.objects.select_related("uploaded_by").order_by("-uploaded_at", "pk")
    serializer_class = s.SummaryOutput

    @extend_schema(
        summary="Upload or replace the summary of the caller's enrolment (PDF or Word)",
        request={"multipart/form-data": s.SummaryUploadInput},
        responses={201: s.SummaryOutput},
    )
    def create(self, request):
        serializer = s.SummaryUploadInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        summary = services.summary_upload(
            enrolment=serializer.validated_data["enrolment"],
            upload=upload,
            name=original_name(upload),
            acting_user=request.user,
        )
        fresh = self.get_queryset().get(pk=summary.pk)
        return Response(s.SummaryOutput(fresh, context=self.get_serializer_context()).data, status=201)

    @extend_schema(summary="Download the summary", responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        summary = self.get_object()
        return attachment_response(summary.file, summary.original_name)


@extend_schema(tags=["practice cases"])
@extend_schema_view(
    list=extend_schema(summary="Practice cases the caller may see (drafts only for their enterprise)"),
    retrieve=extend_schema(summary="One practice case with its attachments"),
)
class CaseViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """附件二(四), 五(一): draft → submitted → recommended → scored → selected / not selected."""

    queryset = (
        Case.objects.select_related("enrolment__enterprise", "enrolment__campaign")
        .prefetch_related(Prefetch("attachments", queryset=CaseAttachment.objects.order_by("uploaded_at")))
        .order_by("-enrolment__campaign__year", "enrolment__enterprise__name", "created_at", "pk")
    )
    filterset_class = CaseFilter

    def get_serializer_class(self):
        return s.CaseListOutput if self.action == "list" else s.CaseDetailOutput

    def _output(self, case, **kwargs):
        fresh = self.get_queryset().get(pk=case.pk)
        return Response(s.CaseDetailOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Write a draft case (R10: at most two; R11: no “免费认证”)",
        request=s.CaseCreateInput,
        responses={201: s.CaseDetailOutput},
    )
    def create(self, request):
        serializer = s.CaseCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = services.case_create(
            enrolment=data["enrolment"], title=data["title"], body=data["body"], acting_user=request.user
        )
        return self._output(case, status=201)

    @extend_schema(
        summary="Change a draft (send the version you read)",
        request=s.CaseUpdateInput,
        responses={200: s.CaseDetailOutput, 409: _CONFLICT},
    )
    def update(self, request, pk=None, partial=False):
        case = self.get_object()
        serializer = s.CaseUpdateInput(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "version" not in data:
            raise exceptions.ValidationError({"version": [_("Send the version you read.")]})
        case = services.case_update(
            case=case,
            title=data.get("title", case.title),
            body=data.get("body", case.body),
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(case)

    @extend_schema(
        summary="Change some fields of a draft",
        request=s.CaseUpdateInput,
        responses={200: s.CaseDetailOutput, 409: _CONFLICT},
    )
    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)

    @extend_schema(summary="Delete a draft", responses={204: None})
    def destroy(self, request, pk=None):
        services.case_delete(case=self.get_object(), acting_user=request.user)
        return Response(status=204)

    @extend_schema(summary="Submit a draft to the district", request=None, responses={200: s.CaseDetailOutput})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._output(services.case_submit(case=self.get_object(), acting_user=request.user))

    @extend_schema(
        summary="Recommend a submitted case (the enterprise's district)",
        request=None,
        responses={200: s.CaseDetailOutput},
    )
    @action(detail=True, methods=["post"])
    def recommend(self, request, pk=None):
        return self._output(services.case_recommend(case=self.get_object(), acting_user=request.user))

    @extend_schema(
        summary="Select or not select a scored case (the regulator)",
        request=s.CaseDecideInput,
        responses={200: s.CaseDetailOutput},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        case = self.get_object()
        serializer = s.CaseDecideInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        selected = serializer.validated_data["selected"]
        return self._output(services.case_decide(case=case, selected=selected, acting_user=request.user))

    @extend_schema(
        summary="Attach a file to a draft",
        request={"multipart/form-data": s.CaseAttachmentInput},
        responses={201: s.CaseAttachmentOutput},
    )
    @action(detail=True, methods=["post"])
    def attachments(self, request, pk=None):
        case = self.get_object()
        serializer = s.CaseAttachmentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        attachment = services.case_attachment_add(
            case=case, upload=upload, name=original_name(upload), acting_user=request.user
        )
        return Response(s.CaseAttachmentOutput(attachment, context=self.get_serializer_context()).data, status=201)


@extend_schema(tags=["practice cases"])
@extend_schema_view(
    list=extend_schema(summary="Case attachments the caller may see"),
    retrieve=extend_schema(summary="One case attachment"),
)
class CaseAttachmentViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = CaseAttachment.objects.order_by("case_id", "uploaded_at", "pk")
    serializer_class = s.CaseAttachmentOutput

    @extend_schema(
        summary="Download the attachment", responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        attachment = self.get_object()
        return attachment_response(attachment.file, attachment.original_name)


@extend_schema(tags=["case reviews"])
@extend_schema_view(
    list=extend_schema(summary="Reviews: the regulator's tenant's, or the caller's own as a reviewer"),
    retrieve=extend_schema(summary="One review"),
)
class CaseReviewViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """五(一): the regulator asks reviewers to score recommended cases; R13 keeps a reviewer off the cases of
    enterprises their own certification body assisted."""

    queryset = CaseReview.objects.select_related("case", "reviewer").order_by("case_id", "pk")
    serializer_class = s.CaseReviewOutput
    filterset_class = CaseReviewFilter

    @extend_schema(
        summary="Assign a reviewer to a recommended case (the regulator)",
        request=s.CaseReviewAssignInput,
        responses={201: s.CaseReviewOutput},
    )
    def create(self, request):
        serializer = s.CaseReviewAssignInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        review = services.case_review_assign(
            case=serializer.validated_data["case"],
            reviewer=serializer.validated_data["reviewer"],
            acting_user=request.user,
        )
        fresh = self.get_queryset().get(pk=review.pk)
        return Response(s.CaseReviewOutput(fresh, context=self.get_serializer_context()).data, status=201)

    @extend_schema(
        summary="Score the case 0–100 (the assigned reviewer)",
        request=s.CaseScoreInput,
        responses={200: s.CaseReviewOutput},
    )
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        review = self.get_object()
        serializer = s.CaseScoreInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = services.case_score(
            review=review,
            score=serializer.validated_data["score"],
            comment=serializer.validated_data.get("comment", ""),
            acting_user=request.user,
        )
        fresh = self.get_queryset().get(pk=review.pk)
        return Response(s.CaseReviewOutput(fresh, context=self.get_serializer_context()).data)


@extend_schema(tags=["complaints"])
@extend_schema_view(
    list=extend_schema(summary="Complaints the caller may see"),
    retrieve=extend_schema(summary="One complaint"),
)
class ComplaintViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """五(二)2: an enterprise's complaint about a certification body; the body sees it once forwarded."""

    queryset = Complaint.objects.select_related("enterprise", "body").order_by("-submitted_at", "-pk")
    serializer_class = s.ComplaintOutput
    filterset_class = ComplaintFilter

    def _output(self, complaint, **kwargs):
        fresh = self.get_queryset().get(pk=complaint.pk)
        return Response(s.ComplaintOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="File a complaint (the enterprise)", request=s.ComplaintCreateInput, responses={201: s.ComplaintOutput}
    )
    def create(self, request):
        if not request.user.has_perm("enterprises.file_complaint"):
            raise exceptions.PermissionDenied
        serializer = s.ComplaintCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        enterprise = Enterprise.objects.visible_to(request.user).get(pk=scope_of(request.user).enterprise_id)
        complaint = services.complaint_file(
            enterprise=enterprise,
            body=data["body"],
            subject=data["subject"],
            text=data["text"],
            acting_user=request.user,
        )
        return self._output(complaint, status=201)

    @extend_schema(
        summary="Forward to the certification body (the regulator)", request=None, responses={200: s.ComplaintOutput}
    )
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        return self._output(services.complaint_forward(complaint=self.get_object(), acting_user=request.user))

    @extend_schema(
        summary="Respond (the body's manager)",
        request=s.ComplaintRespondInput,
        responses={200: s.ComplaintOutput, 409: _CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        complaint = self.get_object()
        serializer = s.ComplaintRespondInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        complaint = services.complaint_respond(
            complaint=complaint,
            response=data["response"],
            expected_response=data["expected_response"],
            acting_user=request.user,
        )
        return self._output(complaint)

    @extend_schema(
        summary="Close with a note (the regulator)", request=s.ComplaintCloseInput, responses={200: s.ComplaintOutput}
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        complaint = self.get_object()
        serializer = s.ComplaintCloseInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._output(
            services.complaint_close(
                complaint=complaint, note=serializer.validated_data["note"], acting_user=request.user
            )
        )
