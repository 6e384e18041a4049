"""API of on-site supervision (现场督导, 四(二)): rounds, visits, rectification requests with answer / close /
return. Rows through visible_to; writes through supervision.services."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Role, User
from assistance.models import CertificationBody
from campaign.models import Campaign, MemberUnit
from enterprises.api.common import CONFLICT_RESPONSE
from enterprises.models import Enterprise
from portal.api import ScopedFilterSet, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField
from portal.files import PHOTOS_AND_DOCUMENTS, attachment_response, validate_upload
from supervision.models import (
    RectificationAnswer,
    RectificationEvidence,
    RectificationRequest,
    RectificationState,
    RoundState,
    SupervisionRound,
    SupervisionVisit,
)
from supervision.policy import days_overdue
from supervision.selectors.visits import visit_view_for
from supervision.services import rectifications as rect_services
from supervision.services import rounds as round_services
from supervision.services import visits as visit_services

# --- serializers --------------------------------------------------------------------------------------------------


class SupervisionPartyOutputMixin(serializers.Serializer):
    party_kind = serializers.CharField(read_only=True)
    party_name = serializers.SerializerMethodField()

    def get_party_name(self, row) -> str:
        return str(row.party)


class SupervisionRoundOutput(serializers.ModelSerializer):
    class Meta:
        model = SupervisionRound
        fields = ["id", "campaign", "title", "starts_on", "ends_on", "state", "closed_at", "version"]


class SupervisionRoundCreateInput(serializers.Serializer):
    campaign = VisiblePrimaryKeyRelatedField(queryset=Campaign.objects.all())
    title = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)


class SupervisionVersionInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class SupervisionVisitOutput(SupervisionPartyOutputMixin, serializers.ModelSerializer):
    staff = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SupervisionVisit
        fields = [
            "id",
            "round",
            "visited_on",
            "party_kind",
            "party_name",
            "member_unit",
            "enterprise",
            "body",
            "staff",
            "observations",
            "findings",
            "internal_notes",
            "version",
        ]

    def to_representation(self, visit):
        data = super().to_representation(visit)
        view = visit_view_for(self.context["request"].user, visit)
        if not view.shows_internal:
            data.pop("internal_notes", None)
            data.pop("staff", None)
        if not view.shows_findings:
            data["observations"] = None
            data["findings"] = None
        return data


class SupervisionPartyInputMixin(serializers.Serializer):
    member_unit = VisiblePrimaryKeyRelatedField(queryset=MemberUnit.objects.all(), required=False, allow_null=True)
    enterprise = VisiblePrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False, allow_null=True)
    body = VisiblePrimaryKeyRelatedField(queryset=CertificationBody.objects.all(), required=False, allow_null=True)

    def validate(self, attrs):
        chosen = [attrs.get(name) for name in ("member_unit", "enterprise", "body") if attrs.get(name) is not None]
        if len(chosen) != 1:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Give exactly one of member_unit, enterprise or body.")]}
            )
        attrs["party"] = chosen[0]
        return attrs


class _StaffField(VisiblePrimaryKeyRelatedField):
    def get_queryset(self):
        return super().get_queryset().filter(is_active=True, membership__role=Role.REGULATOR)


class SupervisionVisitCreateInput(SupervisionPartyInputMixin):
    round = VisiblePrimaryKeyRelatedField(queryset=SupervisionRound.objects.all())
    visited_on = serializers.DateField()
    staff = _StaffField(queryset=User.objects.all(), many=True)
    observations = serializers.CharField(max_length=20_000)
    findings = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    internal_notes = serializers.CharField(max_length=20_000, required=False, allow_blank=True)


class RectificationEvidenceOutput(serializers.ModelSerializer):
    class Meta:
        model = RectificationEvidence
        fields = ["id", "original_name", "uploaded_at"]


class RectificationAnswerOutput(serializers.ModelSerializer):
    evidence = RectificationEvidenceOutput(many=True, read_only=True)

    class Meta:
        model = RectificationAnswer
        fields = ["id", "text", "answered_by", "answered_at", "evidence"]


class RectificationRequestOutput(SupervisionPartyOutputMixin, serializers.ModelSerializer):
    round = serializers.IntegerField(source="visit.round_id", read_only=True)
    days_overdue = serializers.SerializerMethodField()

    class Meta:
        model = RectificationRequest
        fields = [
            "id",
            "campaign",
            "round",
            "visit",
            "party_kind",
            "party_name",
            "member_unit",
            "enterprise",
            "body",
            "asked",
            "due_on",
            "state",
            "days_overdue",
            "return_comment",
            "returned_count",
            "closing_comment",
            "closed_at",
            "version",
        ]

    def get_days_overdue(self, row) -> int:
        return days_overdue(state=row.state, due_on=row.due_on, today=timezone.localdate())


class RectificationRequestDetailOutput(RectificationRequestOutput):
    answers = RectificationAnswerOutput(many=True, read_only=True)

    class Meta(RectificationRequestOutput.Meta):
        fields = [*RectificationRequestOutput.Meta.fields, "answers"]


class RectificationRequestCreateInput(SupervisionPartyInputMixin):
    visit = VisiblePrimaryKeyRelatedField(queryset=SupervisionVisit.objects.all())
    asked = serializers.CharField(max_length=20_000)
    due_on = serializers.DateField()


class RectificationAnswerInput(serializers.Serializer):
    text = serializers.CharField(max_length=20_000)
    files = serializers.ListField(child=serializers.FileField(), required=False, allow_empty=True)
    version = serializers.IntegerField(min_value=1)

    def validate_files(self, uploads):
        for upload in uploads:
            validate_upload(upload, kinds=PHOTOS_AND_DOCUMENTS)
        return uploads


class RectificationReviewInput(SupervisionVersionInput):
    comment = serializers.CharField(max_length=5_000, required=False, allow_blank=True)


# --- filters ------------------------------------------------------------------------------------------------------


class RoundFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    state = django_filters.ChoiceFilter(choices=RoundState.choices)

    class Meta:
        model = SupervisionRound
        fields = ["campaign", "state"]


class VisitFilter(ScopedFilterSet):
    round = django_filters.ModelChoiceFilter(queryset=SupervisionRound.objects.all())

    class Meta:
        model = SupervisionVisit
        fields = ["round"]


class RequestFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    round = django_filters.ModelChoiceFilter(field_name="visit__round", queryset=SupervisionRound.objects.all())
    state = django_filters.ChoiceFilter(choices=RectificationState.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    member_unit = django_filters.ModelChoiceFilter(queryset=MemberUnit.objects.all())
    body = django_filters.ModelChoiceFilter(queryset=CertificationBody.objects.all())
    enterprise = django_filters.ModelChoiceFilter(queryset=Enterprise.objects.all())

    class Meta:
        model = RectificationRequest
        fields = ["campaign", "round", "state", "overdue", "member_unit", "body", "enterprise"]

    def filter_overdue(self, queryset, name, value):
        late = ~Q(state=RectificationState.CLOSED) & Q(due_on__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


# --- viewsets -----------------------------------------------------------------------------------------------------


@extend_schema(tags=["supervision"])
@extend_schema_view(
    list=extend_schema(summary="Supervision rounds the caller may see"),
    retrieve=extend_schema(summary="One supervision round"),
)
class RoundViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """四(二): the regulator's on-site supervision rounds; a round is closed when all its requests are."""

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
    queryset = RectificationEvidence.objects.order_by("answer_id", "pk")
    serializer_class = RectificationEvidenceOutput

    @extend_schema(summary="Download the file", responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        row = self.get_object()
        return attachment_response(row.file, row.original_name)


__all__ = ["EvidenceViewSet", "RequestViewSet", "RoundViewSet", "VisitViewSet"]
