"""API of on-site supervision (现场督导, 四(二)): rounds, visits, rectification requests with answer / close /
return. Rows through visible_to; writes through supervision.services."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from enterprises.api.common import CONFLICT_RESPONSE
from portal.api import ScopedViewSetMixin
from portal.files import attachment_response
from supervision.api.filters import RequestFilter, RoundFilter, VisitFilter
from supervision.api.serializers import (
    RectificationAnswerInput,
    RectificationEvidenceOutput,
    RectificationRequestCreateInput,
    RectificationRequestDetailOutput,
    RectificationRequestOutput,
    RectificationReviewInput,
    SupervisionRoundCreateInput,
    SupervisionRoundOutput,
    SupervisionVersionInput,
    SupervisionVisitCreateInput,
    SupervisionVisitOutput,
)
from supervision.models import (
    RectificationAnswer,
    RectificationEvidence,
    RectificationRequest,
    SupervisionRound,
    SupervisionVisit,
)
from supervision.services import rectifications as rect_services
from supervision.services import rounds as round_services
from supervision.services import visits as visit_services


@extend_schema(tags=["supervision"])
@extend_schema_view(
    list=extend_schema(summary="Supervision rounds the caller may see"),
    retrieve=extend_schema(summary="One supervision round"),
)
class RoundViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """四(二): the regulator's on-site supervision rounds; a round is closed when all its requests are."""

    ordering_fields = ["id", "title", "starts_on", "ends_on", "state", "closed_at", "created_at"]

    queryset = SupervisionRound.objects.order_by("-starts_on", "-pk")
    serializer_class = SupervisionRoundOutput
    filterset_class = RoundFilter

    @extend_schema(
        summary="Open a supervision round (the regulator)",
        request=SupervisionRoundCreateInput,
        responses={201: SupervisionRoundOutput},
    )
    def create(self, request):
        serializer = SupervisionRoundCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        row = round_services.round_create(
            campaign=data["campaign"],
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            acting_user=request.user,
        )
        return Response(SupervisionRoundOutput(row).data, status=201)

    @extend_schema(
        summary="Close the round (refused while a request is still open)",
        request=SupervisionVersionInput,
        responses={200: SupervisionRoundOutput, 409: CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        row = self.get_object()
        serializer = SupervisionVersionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = round_services.round_close(
            round=row, expected_version=serializer.validated_data["version"], acting_user=request.user
        )
        return Response(SupervisionRoundOutput(row).data)


@extend_schema(tags=["supervision"])
@extend_schema_view(
    list=extend_schema(summary="Supervision visits the caller may see (a party: without internal notes)"),
    retrieve=extend_schema(summary="One supervision visit"),
)
class VisitViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    ordering_fields = ["id", "visited_on", "created_at"]
    queryset = (
        SupervisionVisit.objects.select_related("member_unit", "enterprise", "body")
        .prefetch_related("staff")
        .order_by("-visited_on", "-pk")
    )
    serializer_class = SupervisionVisitOutput
    filterset_class = VisitFilter

    @extend_schema(
        summary="Record a visit (the regulator)",
        request=SupervisionVisitCreateInput,
        responses={201: SupervisionVisitOutput},
    )
    def create(self, request):
        serializer = SupervisionVisitCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        visit = visit_services.visit_record(
            round=data["round"],
            target=data["party"],
            visited_on=data["visited_on"],
            staff=data["staff"],
            observations=data["observations"],
            findings=data.get("findings", ""),
            internal_notes=data.get("internal_notes", ""),
            acting_user=request.user,
        )
        fresh = self.get_queryset().get(pk=visit.pk)
        return Response(SupervisionVisitOutput(fresh, context=self.get_serializer_context()).data, status=201)


@extend_schema(tags=["supervision"])
@extend_schema_view(
    list=extend_schema(summary="Rectification requests: the regulator's tenant's, or those asked of the caller"),
    retrieve=extend_schema(summary="One rectification request with its answers"),
)
class RequestViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """四(二): open → answered → closed, or answered → returned → answered again."""

    ordering_fields = ["id", "due_on", "state", "closed_at", "created_at"]

    queryset = RectificationRequest.objects.select_related("visit", "member_unit", "enterprise", "body").order_by(
        "due_on", "pk"
    )
    filterset_class = RequestFilter

    def get_queryset(self):
        rows = super().get_queryset()
        if self.action != "list":
            rows = rows.prefetch_related(
                Prefetch(
                    "answers",
                    queryset=RectificationAnswer.objects.prefetch_related("evidence").order_by("answered_at", "pk"),
                )
            )
        return rows

    def get_serializer_class(self):
        return RectificationRequestOutput if self.action == "list" else RectificationRequestDetailOutput

    def _output(self, row, **kwargs):
        fresh = self.get_queryset().get(pk=row.pk)
        return Response(RectificationRequestDetailOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Ask a party for a rectification after a visit (the regulator)",
        request=RectificationRequestCreateInput,
        responses={201: RectificationRequestDetailOutput},
    )
    def create(self, request):
        serializer = RectificationRequestCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        visit = SupervisionVisit.objects.select_related("round__campaign").get(pk=data["visit"].pk)
        row = rect_services.request_create(
            visit=visit, party=data["party"], asked=data["asked"], due_on=data["due_on"], acting_user=request.user
        )
        return self._output(row, status=201)

    @extend_schema(
        summary="Answer with evidence (the party asked; at least one file)",
        request={"multipart/form-data": RectificationAnswerInput},
        responses={201: RectificationRequestDetailOutput, 409: CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        row = self.get_object()
        serializer = RectificationAnswerInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rect_services.request_answer(
            request=row,
            text=data["text"],
            files=data.get("files", []),
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(row, status=201)

    @extend_schema(
        summary="Close an answered request (the regulator)",
        request=RectificationReviewInput,
        responses={200: RectificationRequestDetailOutput, 409: CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        row = self.get_object()
        serializer = RectificationReviewInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rect_services.request_close(
            request=row,
            comment=data.get("comment", ""),
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(row)

    @extend_schema(
        summary="Send an answered request back with a comment (the regulator)",
        request=RectificationReviewInput,
        responses={200: RectificationRequestDetailOutput, 409: CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        row = self.get_object()
        serializer = RectificationReviewInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rect_services.request_return(
            request=row,
            comment=data.get("comment", ""),
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(row)


@extend_schema(tags=["supervision"])
@extend_schema_view(
    list=extend_schema(summary="Evidence files of the rectification answers the caller may see"),
    retrieve=extend_schema(summary="One evidence file"),
)
class EvidenceViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    ordering_fields = ["id", "uploaded_at"]
    queryset = RectificationEvidence.objects.order_by("answer_id", "pk")
    serializer_class = RectificationEvidenceOutput

    @extend_schema(summary="Download the file", responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        row = self.get_object()
        return attachment_response(row.file, row.original_name)


__all__ = ["EvidenceViewSet", "RequestViewSet", "RoundViewSet", "VisitViewSet"]
