"""API of case selection on a rubric (五(一) 组织专家评选优秀案例): the campaign's rubric (every role of the tenant
reads it; the regulator writes it while a draft, opens and closes scoring, publishes), the regulator's ranking, and
the published lists of excellent cases. Scores are given on /case-reviews/{id}/score/, selections on
/cases/{id}/decide/ and /cases/{id}/reverse-selection/.

Inputs name only what the caller may set: a rubric's state, dates and author are never taken from the request."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from campaign.models import Campaign
from campaign.selectors import campaign_current
from enterprises.api.common import CONFLICT_RESPONSE
from enterprises.models import Case, CaseListPublication, Rubric, RubricCriterion
from enterprises.selectors import rubrics as selectors
from enterprises.services import rubrics as services
from portal.api import IfMatchMixin, ScopedFilterSet, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField


class RubricCriterionOutput(serializers.ModelSerializer):
    class Meta:
        model = RubricCriterion
        fields = ["id", "name", "description", "weight", "max_score", "order"]


class RubricOutput(serializers.ModelSerializer):
    year = serializers.IntegerField(source="campaign.year", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    criteria = RubricCriterionOutput(many=True, read_only=True)

    class Meta:
        model = Rubric
        fields = ["id", "campaign", "year", "state", "state_label", "opened_at", "closed_at", "version", "criteria"]


class RubricCreateInput(serializers.Serializer):
    campaign = VisiblePrimaryKeyRelatedField(queryset=Campaign.objects.all())


class RubricCriterionInput(serializers.Serializer):
    name = serializers.CharField(max_length=100, allow_blank=True)
    description = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    weight = serializers.IntegerField(min_value=1, max_value=100)
    max_score = serializers.IntegerField(min_value=1, max_value=1000)


class RubricUpdateInput(serializers.Serializer):
    criteria = RubricCriterionInput(many=True)
    version = serializers.IntegerField(min_value=1)


class PublishInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    confirm = serializers.BooleanField(default=False)


class RubricFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())

    class Meta:
        model = Rubric
        fields = ["campaign"]


class PublicationOutput(serializers.ModelSerializer):
    year = serializers.IntegerField(source="campaign.year", read_only=True)
    published_by_name = serializers.CharField(source="published_by.__str__", read_only=True)
    entries = serializers.ListField(child=serializers.DictField(), read_only=True)

    class Meta:
        model = CaseListPublication
        fields = ["id", "campaign", "year", "number", "published_at", "published_by_name", "note", "entries"]


@extend_schema(tags=["case selection"])
@extend_schema_view(
    list=extend_schema(summary="The rubrics of the caller's city (every role reads them)"),
    retrieve=extend_schema(summary="One rubric with its criteria"),
)
class RubricViewSet(
    IfMatchMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """五(一): draft (the regulator sets the criteria; weights add up to 100) → open for scoring (criteria fixed) →
    closed."""

    ordering_fields = ["id", "state", "created_at", "opened_at", "closed_at"]

    queryset = (
        Rubric.objects.select_related("campaign")
        .prefetch_related(Prefetch("criteria", queryset=RubricCriterion.objects.order_by("order", "pk")))
        .order_by("-campaign__year", "pk")
    )
    serializer_class = RubricOutput
    filterset_class = RubricFilter

    def _output(self, rubric, **kwargs):
        fresh = self.get_queryset().get(pk=rubric.pk)
        return Response(RubricOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Draft the campaign's rubric with the default criteria (the regulator)",
        request=RubricCreateInput,
        responses={201: RubricOutput},
    )
    def create(self, request):
        serializer = RubricCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        rubric = services.rubric_create(campaign=serializer.validated_data["campaign"], acting_user=request.user)
        return self._output(rubric, status=201)

    @extend_schema(
        summary="Replace the criteria of a draft rubric (send the version you read)",
        request=RubricUpdateInput,
        responses={200: RubricOutput, 409: CONFLICT_RESPONSE},
    )
    def update(self, request, pk=None):
        rubric = self.get_object()
        serializer = RubricUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rubric = services.rubric_criteria_set(
            rubric=rubric,
            criteria=[services.CriterionInput(**item) for item in data["criteria"]],
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(rubric)

    @extend_schema(summary="Open scoring (the criteria are then fixed)", request=None, responses={200: RubricOutput})
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return self._output(services.rubric_open(rubric=self.get_object(), acting_user=request.user))

    @extend_schema(summary="Close scoring", request=None, responses={200: RubricOutput})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._output(services.rubric_close(rubric=self.get_object(), acting_user=request.user))

    @extend_schema(
        summary="Publish the selected cases of the rubric's campaign for the whole city (a new version each time)",
        request=PublishInput,
        responses={201: PublicationOutput},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        rubric = self.get_object()
        serializer = PublishInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not serializer.validated_data["confirm"]:
            raise exceptions.ValidationError({"confirm": [services.publish_unconfirmed_message()]})
        campaign = rubric.campaign
        publication = services.case_list_publish(
            campaign=campaign,
            note=serializer.validated_data["note"],
            entries=selectors.publication_entries(user=request.user, campaign=campaign),
            acting_user=request.user,
        )
        return Response(PublicationOutput(publication, context=self.get_serializer_context()).data, status=201)


class RankingReviewOutput(serializers.Serializer):
    review = serializers.IntegerField(source="review.pk")
    reviewer = serializers.IntegerField(source="review.reviewer_id")
    reviewer_name = serializers.CharField(source="review.reviewer.__str__")
    scores = serializers.SerializerMethodField()
    total = serializers.FloatField(allow_null=True)

    def get_scores(self, line) -> list[int | None]:
        return [None if score is None else score.score for score in line.scores]


class RankingRowOutput(serializers.Serializer):
    case = serializers.IntegerField(source="case.pk")
    title = serializers.CharField(source="case.title")
    enterprise_name = serializers.CharField(source="case.enrolment.enterprise.name")
    district_name = serializers.CharField(source="case.enrolment.enterprise.district.name")
    state = serializers.CharField(source="case.state")
    reviews = RankingReviewOutput(source="lines", many=True)
    assigned = serializers.IntegerField()
    done = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    spread = serializers.FloatField(allow_null=True)
    stdev = serializers.FloatField(allow_null=True)


class RankingQuery(serializers.Serializer):
    campaign = VisiblePrimaryKeyRelatedField(queryset=Campaign.objects.all(), required=False)


@extend_schema(tags=["case selection"])
class CaseRankingViewSet(viewsets.GenericViewSet):
    """The regulator's ranking of a campaign's recommended cases (``?campaign=``; the current one by default): every
    reviewer's per-criterion scores (in the rubric's criterion order) and total, mean, spread, standard deviation."""

    ordering_fields = []

    serializer_class = RankingRowOutput
    pagination_class = None
    # Rows are built by enterprises.selectors.rubrics.case_ranking, through visible_to; this only names the model
    # for the schema generator.
    queryset = Case.objects.none()

    @extend_schema(
        summary="Ranking of the recommended cases with each reviewer's scores and the spread (the regulator)",
        parameters=[RankingQuery],
        responses={200: RankingRowOutput(many=True)},
    )
    def list(self, request):
        query = RankingQuery(data=request.query_params, context={"request": request})
        if not query.is_valid():
            raise exceptions.NotFound  # a foreign or missing campaign id looks the same
        campaign = query.validated_data.get("campaign") or campaign_current(user=request.user)
        if campaign is None:
            return Response([])
        if not request.user.has_perm("enterprises.set_rubric", campaign):
            raise exceptions.PermissionDenied
        rubric = selectors.rubric_for_campaign(user=request.user, campaign=campaign)
        criteria = list(rubric.criteria.all()) if rubric else []
        rows = selectors.case_ranking(user=request.user, campaign=campaign, criteria=criteria)
        return Response(RankingRowOutput(rows, many=True, context=self.get_serializer_context()).data)


class PublicationFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())

    class Meta:
        model = CaseListPublication
        fields = ["campaign"]


@extend_schema(tags=["case selection"])
@extend_schema_view(
    list=extend_schema(summary="Published lists of excellent cases, the latest version first (every role)"),
    retrieve=extend_schema(summary="One published version of the list, frozen as published"),
)
class PublishedCaseViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    ordering_fields = ["id", "published_at"]
    queryset = CaseListPublication.objects.select_related("campaign", "published_by").order_by(
        "-campaign__year", "-number"
    )
    serializer_class = PublicationOutput
    filterset_class = PublicationFilter
