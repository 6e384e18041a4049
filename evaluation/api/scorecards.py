"""The scorecards and assessments API (五(二)1–2).

``/body-scorecards/`` and ``/district-scorecards/`` are computed (no table behind them): the same selectors as the
pages, so the regulator reads every line, a certification body its own, a district its own, and everyone else
nothing (an empty list, 404 for one line). ``?campaign=<id>`` picks the campaign (default: the current one).
``/body-assessments/`` are rows: the regulator writes them, a body reads its own and answers once.
"""

from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assistance.models import CertificationBody
from campaign.models import Campaign
from campaign.selectors import campaign_current
from evaluation.models import BodyAssessment, BodyAssessmentResponse, BodyRating, CriticismReason
from evaluation.selectors.scorecards import body_scorecard, body_scorecards, district_scorecards
from evaluation.services import scorecards as services
from portal.api import IfMatchMixin, ScopedFilterSet, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField
from portal.views import row_to_read

# --- Outputs -------------------------------------------------------------------------------------------------------


class ScorecardPartyOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class BodyAssessmentResponseOutput(serializers.ModelSerializer):
    answered_by = serializers.CharField(source="answered_by.username", read_only=True)

    class Meta:
        model = BodyAssessmentResponse
        fields = ["text", "answered_by", "answered_at"]


class BodyAssessmentOutput(serializers.ModelSerializer):
    rating_label = serializers.CharField(source="get_rating_display", read_only=True)
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=CriticismReason.choices), read_only=True)
    assessed_by = serializers.CharField(source="assessed_by.username", read_only=True)
    response = serializers.SerializerMethodField()

    class Meta:
        model = BodyAssessment
        fields = [
            "id",
            "campaign",
            "body",
            "rating",
            "rating_label",
            "reasons",
            "reason_text",
            "relief_year",
            "recommended_to_samr",
            "assessed_by",
            "assessed_at",
            "version",
            "response",
        ]

    @extend_schema_field(BodyAssessmentResponseOutput(allow_null=True))
    def get_response(self, assessment):
        response = getattr(assessment, "response", None)
        return BodyAssessmentResponseOutput(response).data if response else None


class RectificationCountsOutput(serializers.Serializer):
    total = serializers.IntegerField()
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    closed = serializers.IntegerField()


class ComplaintCountsOutput(serializers.Serializer):
    total = serializers.IntegerField()
    open = serializers.IntegerField(help_text="not closed yet")
    upheld = serializers.IntegerField()
    partly_upheld = serializers.IntegerField()
    not_upheld = serializers.IntegerField()
    unrecorded = serializers.IntegerField(help_text="closed before outcomes were recorded")


class BodyScorecardOutput(serializers.Serializer):
    """One body's line of the campaign figures (``figures``, as ``evaluation.selectors.figures`` documents it) and
    what the scorecard adds; ``rank`` only for the regulator."""

    body = ScorecardPartyOutput()
    as_of = serializers.DateField(help_text="the day the records are judged on (the campaign's last day once ended)")
    rank = serializers.IntegerField(allow_null=True)
    figures = serializers.JSONField()
    outcomes = serializers.JSONField(help_text="recorded, complete, and the average change of each outcome metric")
    no_visit = serializers.IntegerField(help_text="assisted enterprises with no visit for 30 days")
    audit_missing = serializers.IntegerField(
        help_text="in operation for three months or more without an internal audit"
    )
    records_missing = serializers.IntegerField()
    rectifications = RectificationCountsOutput()
    complaints = ComplaintCountsOutput(help_text="complaints against the body: open, and the closed ones by outcome")
    complaints_upheld = serializers.IntegerField(
        help_text="upheld in full or in part: what 五(二)2 counts as 收到企业投诉, a ground for criticism"
    )
    assessment = BodyAssessmentOutput(allow_null=True)


class DeductionOutput(serializers.Serializer):
    code = serializers.CharField(source="deduction.code")
    label = serializers.CharField(source="deduction.label")
    occurrences = serializers.IntegerField()
    points = serializers.IntegerField()


class DistrictScorecardOutput(serializers.Serializer):
    member_unit = ScorecardPartyOutput()
    figures = serializers.JSONField()
    submission = serializers.JSONField(allow_null=True)
    rectifications = RectificationCountsOutput()
    deductions = DeductionOutput(many=True)
    points = serializers.IntegerField()


# --- Inputs --------------------------------------------------------------------------------------------------------


class BodyAssessmentUpdateInput(serializers.Serializer):
    rating = serializers.ChoiceField(choices=BodyRating.choices)
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=CriticismReason.choices), required=False, default=list
    )
    reason_text = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    recommended_to_samr = serializers.BooleanField(required=False, default=False)
    version = serializers.IntegerField(min_value=1)


class BodyAssessmentCreateInput(BodyAssessmentUpdateInput):
    campaign = VisiblePrimaryKeyRelatedField(queryset=Campaign.objects.all())
    body = VisiblePrimaryKeyRelatedField(queryset=CertificationBody.objects.all())
    version = None  # a first assessment


class BodyAssessmentAnswerInput(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


# --- Computed scorecards -------------------------------------------------------------------------------------------

CAMPAIGN_PARAMETER = OpenApiParameter(
    "campaign", int, OpenApiParameter.QUERY, description="The campaign (default: the current one)"
)
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH)


def _campaign(request) -> Campaign | None:
    raw = request.query_params.get("campaign")
    if raw:
        if not raw.isdigit():
            raise Http404
        return row_to_read(Campaign, request.user, pk=int(raw))
    return campaign_current(user=request.user)


@extend_schema(tags=["evaluation"])
class BodyScorecardViewSet(viewsets.ViewSet):
    """五(二)1–2: the certification bodies' scorecards, ranked for the regulator; a body reads its own only."""

    lookup_value_regex = r"\d+"

    @extend_schema(
        summary="The body scorecards the caller may read (the regulator: all, ranked)",
        parameters=[CAMPAIGN_PARAMETER],
        responses=BodyScorecardOutput(many=True),
    )
    def list(self, request):
        campaign = _campaign(request)
        cards = body_scorecards(user=request.user, campaign=campaign) if campaign else []
        return Response(BodyScorecardOutput(cards, many=True).data)

    @extend_schema(
        summary="One body's scorecard",
        parameters=[CAMPAIGN_PARAMETER, ID_PARAMETER],
        responses=BodyScorecardOutput,
    )
    def retrieve(self, request, pk=None):
        campaign = _campaign(request)
        if campaign is None:
            raise Http404
        return Response(BodyScorecardOutput(body_scorecard(user=request.user, campaign=campaign, body_pk=int(pk))).data)


@extend_schema(tags=["evaluation"])
class DistrictScorecardViewSet(viewsets.ViewSet):
    """五(二)2: the districts' scorecards with their points table; a district reads its own line only."""

    lookup_value_regex = r"\d+"

    @extend_schema(
        summary="The district scorecard lines the caller may read",
        parameters=[CAMPAIGN_PARAMETER],
        responses=DistrictScorecardOutput(many=True),
    )
    def list(self, request):
        campaign = _campaign(request)
        cards = district_scorecards(user=request.user, campaign=campaign) if campaign else []
        return Response(DistrictScorecardOutput(cards, many=True).data)

    @extend_schema(
        summary="One district's scorecard line (by member unit id)",
        parameters=[CAMPAIGN_PARAMETER, ID_PARAMETER],
        responses=DistrictScorecardOutput,
    )
    def retrieve(self, request, pk=None):
        campaign = _campaign(request)
        cards = district_scorecards(user=request.user, campaign=campaign) if campaign else []
        card = next((c for c in cards if c.member_unit.pk == int(pk)), None)
        if card is None:
            raise Http404
        return Response(DistrictScorecardOutput(card).data)


# --- Assessments ---------------------------------------------------------------------------------------------------


class BodyAssessmentFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    body = django_filters.ModelChoiceFilter(queryset=CertificationBody.objects.all())

    class Meta:
        model = BodyAssessment
        fields = ["campaign", "body", "rating"]


@extend_schema(tags=["evaluation"])
@extend_schema_view(
    list=extend_schema(summary="Assessments the caller may read (the regulator: all; a body: its own)"),
    retrieve=extend_schema(summary="One assessment with the body's answer"),
)
class BodyAssessmentViewSet(
    IfMatchMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """五(二)1–2: the regulator's rating of a certification body; the body answers once."""

    ordering_fields = ["id", "assessed_at"]

    queryset = BodyAssessment.objects.select_related("assessed_by", "response", "response__answered_by").order_by(
        "-campaign__year", "body__name", "pk"
    )
    serializer_class = BodyAssessmentOutput
    filterset_class = BodyAssessmentFilter

    def _output(self, assessment, **kwargs):
        fresh = self.get_queryset().get(pk=assessment.pk)
        return Response(BodyAssessmentOutput(fresh).data, **kwargs)

    @extend_schema(
        summary="Rate a certification body for a campaign (the regulator)",
        request=BodyAssessmentCreateInput,
        responses={201: BodyAssessmentOutput, 409: OpenApiResponse(description="Assessed by someone else meanwhile.")},
    )
    def create(self, request):
        serializer = BodyAssessmentCreateInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assessment = services.body_assessment_save(
            campaign=data["campaign"],
            body=data["body"],
            rating=data["rating"],
            reasons=data["reasons"],
            reason_text=data["reason_text"],
            recommended_to_samr=data["recommended_to_samr"],
            expected_version=None,
            acting_user=request.user,
        )
        return self._output(assessment, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change an assessment (send the version you read)",
        request=BodyAssessmentUpdateInput,
        responses={200: BodyAssessmentOutput, 409: OpenApiResponse(description="Changed by someone else meanwhile.")},
    )
    def update(self, request, pk=None, partial=False):
        assessment = self.get_object()
        serializer = BodyAssessmentUpdateInput(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assessment = services.body_assessment_save(
            campaign=assessment.campaign,
            body=assessment.body,
            rating=data.get("rating", assessment.rating),
            reasons=data.get("reasons", assessment.reasons),
            reason_text=data.get("reason_text", assessment.reason_text),
            recommended_to_samr=data.get("recommended_to_samr", assessment.recommended_to_samr),
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(assessment)

    @extend_schema(
        summary="Change some fields of an assessment (send the version you read)",
        request=BodyAssessmentUpdateInput,
        responses={200: BodyAssessmentOutput, 409: OpenApiResponse(description="Changed by someone else meanwhile.")},
    )
    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)

    @extend_schema(
        summary="The body's one answer to its assessment",
        request=BodyAssessmentAnswerInput,
        responses={201: BodyAssessmentOutput},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        assessment = self.get_object()
        serializer = BodyAssessmentAnswerInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.body_assessment_answer(
            assessment=assessment, text=serializer.validated_data["text"], acting_user=request.user
        )
        return self._output(assessment, status=status.HTTP_201_CREATED)
