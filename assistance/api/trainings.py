"""Endpoints for trainings (附件二(三)1) and R8 compliance per district.

Rows come only through ``visible_to`` (ScopedViewSetMixin, VisiblePrimaryKeyRelatedField, ScopedFilterSet); writes go
through assistance.services, whose ValidationErrors become 400s with field messages and the "stale" one a 409."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from assistance.api.shared import BINARY, CheckedFileField, ReadCreateViewSet, VisibleOr404Field, api_url
from assistance.models import TierLevel, Training, TrainingKind
from assistance.selectors.trainings import training_compliance
from assistance.services import trainings as services
from assistance.services.trainings import MAX_PERSON_TIMES
from assistance.views.shared import chosen_campaign
from campaign.models import Campaign, MemberUnit
from enterprises.models import Enterprise
from portal.api import ScopedFilterSet
from portal.files import TRAINING_MATERIALS, attachment_response
from portal.services import require_perm


class TrainingFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    district = django_filters.ModelChoiceFilter(queryset=MemberUnit.objects.all())
    kind = django_filters.ChoiceFilter(choices=TrainingKind.choices)

    class Meta:
        model = Training
        fields = ["campaign", "district", "kind"]


class TrainingOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True)
    organiser_name = serializers.CharField(source="organiser.name", read_only=True)
    enterprises = serializers.SerializerMethodField(help_text="Attending enterprises the caller may see.")
    materials_url = serializers.SerializerMethodField()

    class Meta:
        model = Training
        fields = [
            "id",
            "campaign",
            "kind",
            "kind_label",
            "tier",
            "district",
            "district_name",
            "organiser",
            "organiser_name",
            "held_on",
            "topic",
            "enterprises",
            "person_times",
            "materials_name",
            "materials_url",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_enterprises(self, row):
        return [enterprise.pk for enterprise in row.visible_enterprises]

    def get_materials_url(self, row) -> str | None:
        if not row.materials:
            return None
        return api_url("api:training-materials", row.pk, self.context.get("request"))


class TrainingCreateInput(serializers.Serializer):
    campaign = VisibleOr404Field(queryset=Campaign.objects.all())
    kind = serializers.ChoiceField(choices=TrainingKind.choices)
    tier = serializers.ChoiceField(choices=TierLevel.choices, required=False, allow_blank=True, default="")
    district = VisibleOr404Field(queryset=MemberUnit.objects.all(), required=False, allow_null=True, default=None)
    held_on = serializers.DateField()
    topic = serializers.CharField(max_length=200)
    enterprises = VisibleOr404Field(queryset=Enterprise.objects.all(), many=True, required=False, default=list)
    # Bounded here so a typo is a 400, not an overflow; "at least one" is the service's rule, with its message.
    person_times = serializers.IntegerField(max_value=MAX_PERSON_TIMES, min_value=-MAX_PERSON_TIMES)
    materials = CheckedFileField(kinds=TRAINING_MATERIALS, required=False, allow_null=True, default=None)


class TrainingComplianceOutput(serializers.Serializer):
    district = serializers.IntegerField(source="district.pk")
    district_name = serializers.CharField(source="district.name")
    centralised = serializers.SerializerMethodField()
    industry = serializers.SerializerMethodField()
    total = serializers.IntegerField()
    person_times = serializers.IntegerField()
    is_compliant = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField(), help_text="The R8 kinds not held yet.")

    def get_centralised(self, row) -> int:
        return row.count(TrainingKind.CENTRALISED)

    def get_industry(self, row) -> int:
        return row.count(TrainingKind.INDUSTRY)


@extend_schema(tags=["trainings"])
@extend_schema_view(
    list=extend_schema(summary="Trainings the caller may see"), retrieve=extend_schema(summary="One training")
)
class TrainingViewSet(ReadCreateViewSet):
    ordering_fields = ["id", "kind", "held_on"]
    queryset = Training.objects.select_related("district", "organiser").order_by("-held_on", "pk")
    serializer_class = TrainingOutput
    output = TrainingOutput
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
        request={"multipart/form-data": TrainingCreateInput, "application/json": TrainingCreateInput},
        responses={201: TrainingOutput},
    )
    def create(self, request):
        data = self._input(TrainingCreateInput)
        row = services.training_record(acting_user=request.user, **data)
        return self._output(row, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Download the training materials", responses=BINARY)
    @action(detail=True, methods=["get"])
    def materials(self, request, pk=None):
        row = self.get_object()
        return attachment_response(row.materials, row.materials_name)

    @extend_schema(
        summary="R8 per district: centralised and industry trainings held in the campaign, and what is missing",
        parameters=[OpenApiParameter("campaign", int, description="Defaults to the current campaign.")],
        responses={200: TrainingComplianceOutput(many=True)},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def compliance(self, request):
        require_perm(request.user, "assistance.view_training_compliance")
        campaign = chosen_campaign(request)
        rows = training_compliance(user=request.user, campaign=campaign) if campaign else []
        return Response(TrainingComplianceOutput(rows, many=True).data)
