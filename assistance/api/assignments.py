"""Endpoints for assignments (附件一, R2–R4) and the experts suggested for an enrolment.

Rows come only through ``visible_to`` (ScopedViewSetMixin, VisiblePrimaryKeyRelatedField, ScopedFilterSet); writes go
through assistance.services, whose ValidationErrors become 400s with field messages and the "stale" one a 409."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from assistance.models import Assignment, Expert
from assistance.selectors.assignments import expert_suggestions
from assistance.services import assignments as services
from campaign.models import Campaign
from enterprises.models import Enrolment
from portal.api import ScopedFilterSet, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField
from portal.services import require_perm
from portal.views import row_to_change


class AssignmentFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all(), field_name="enrolment__campaign")
    enrolment = django_filters.ModelChoiceFilter(queryset=Enrolment.objects.all())
    expert = django_filters.ModelChoiceFilter(queryset=Expert.objects.all())
    active = django_filters.BooleanFilter(field_name="ended_at", lookup_expr="isnull")
    overridden = django_filters.BooleanFilter(method="by_overridden")

    class Meta:
        model = Assignment
        fields = ["campaign", "enrolment", "expert", "active", "overridden"]

    def by_overridden(self, queryset, name, value):
        return queryset.exclude(override_reason="") if value else queryset.filter(override_reason="")


class AssignmentOutput(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="enrolment.enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="enrolment.enterprise.name", read_only=True)
    campaign = serializers.IntegerField(source="enrolment.campaign_id", read_only=True)
    expert_name = serializers.CharField(source="expert.__str__", read_only=True)
    assigned_by = serializers.CharField(source="assigned_by.__str__", read_only=True)
    overridden_rules = serializers.ListField(child=serializers.CharField(), read_only=True)
    is_active = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "enrolment",
            "enterprise",
            "enterprise_name",
            "campaign",
            "expert",
            "expert_name",
            "assigned_by",
            "assigned_at",
            "overridden_rules",
            "override_reason",
            "late_reason",
            "is_active",
            "ended_at",
            "ended_reason",
        ]

    def get_is_active(self, assignment) -> bool:
        return assignment.ended_at is None


class AssignmentCreateInput(serializers.Serializer):
    enrolment = VisiblePrimaryKeyRelatedField(queryset=Enrolment.objects.all())
    expert = VisiblePrimaryKeyRelatedField(queryset=Expert.objects.all())
    override_reason = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when the assignment breaks R2 (load), R3 (specialty) or R4 (district).",
    )
    reassign_reason = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when the enrolment already has an expert: the old assignment ends with this reason.",
    )
    late_reason = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed after the campaign's assistance phase has ended (three months of operation no longer fit).",
    )


class AssignmentEndInput(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class ExpertSuggestionOutput(serializers.Serializer):
    expert = serializers.IntegerField(source="expert.pk")
    expert_name = serializers.CharField(source="expert.__str__")
    home_district = serializers.IntegerField(source="expert.home_district_id")
    load = serializers.IntegerField()
    specialty_match = serializers.BooleanField()
    same_district = serializers.BooleanField()
    is_free = serializers.BooleanField()
    rules_broken = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField()

    def get_rules_broken(self, fit) -> list[str]:
        return [breach.rule for breach in fit.breaches]

    def get_reasons(self, fit) -> list[str]:
        return [breach.message for breach in fit.breaches]


@extend_schema(tags=["assignments"])
@extend_schema_view(
    list=extend_schema(summary="Expert assignments the caller may see (filter ?overridden=true for R2–R4 exceptions)"),
    retrieve=extend_schema(summary="One assignment"),
)
class AssignmentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    ordering_fields = ["id", "assigned_at", "ended_at"]
    queryset = Assignment.objects.select_related("expert__user", "enrolment__enterprise", "assigned_by").order_by(
        "-assigned_at", "-pk"
    )
    serializer_class = AssignmentOutput
    filterset_class = AssignmentFilter

    def _output(self, assignment, **kwargs):
        fresh = self.get_queryset().get(pk=assignment.pk)
        return Response(AssignmentOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Assign an expert of the caller's body to a screened enrolment (or replace the current expert)",
        request=AssignmentCreateInput,
        responses={201: AssignmentOutput},
    )
    def create(self, request):
        require_perm(request.user, "assistance.assign_expert")
        serializer = AssignmentCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assignment = services.assignment_create(
            enrolment=data["enrolment"],
            expert=data["expert"],
            override_reason=data["override_reason"],
            reassign_reason=data["reassign_reason"],
            late_reason=data["late_reason"],
            acting_user=request.user,
        )
        return self._output(assignment, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="End an assignment of an enrolment that has left the campaign",
        request=AssignmentEndInput,
        responses={200: AssignmentOutput},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        assignment = self.get_object()
        require_perm(request.user, "assistance.end_assignment", assignment)
        serializer = AssignmentEndInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = services.assignment_end(
            assignment=assignment, reason=serializer.validated_data["reason"], acting_user=request.user
        )
        return self._output(assignment)


@extend_schema(
    tags=["assignments"],
    summary="The caller's experts ranked for an enrolment (specialty, district, load), with the rules each would break",
    responses={200: ExpertSuggestionOutput(many=True)},
)
class ExpertSuggestionsView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ExpertSuggestionOutput
    pagination_class = None
    filter_backends: list = []

    def get(self, request, pk: int):
        enrolment = row_to_change(Enrolment, request.user, "assistance.assign_expert", pk=pk)
        enrolment = Enrolment.objects.select_related("enterprise__district").get(pk=enrolment.pk)
        fits = expert_suggestions(enrolment=enrolment, user=request.user)
        return Response(ExpertSuggestionOutput(fits, many=True).data)
