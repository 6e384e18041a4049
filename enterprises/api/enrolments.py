"""API of enrolments: list and detail with their flags, nomination, state transitions (DESIGN.md §5)."""

import django_filters
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from campaign.models import Campaign, MemberUnit
from enterprises.models import Cluster, Enrolment, EnrolmentState, EnrolmentTransition, Enterprise
from enterprises.selectors.enrolments import with_flags
from enterprises.services import enrolments as services
from enterprises.services.enrolments import enrolment_advance
from portal.api import ScopedFilterSet, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField


class EnrolmentListOutput(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    district = serializers.IntegerField(source="enterprise.district_id", read_only=True)
    district_name = serializers.CharField(source="enterprise.district.name", read_only=True)
    cluster = serializers.CharField(source="enterprise.cluster", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True, help_text="Its state is behind the campaign calendar.")
    audit_due = serializers.BooleanField(
        read_only=True, help_text="R12: a surveillance or recertification audit falls due inside the campaign."
    )
    next_audit_on = serializers.DateField(read_only=True, allow_null=True)
    is_certified = serializers.BooleanField(read_only=True)
    screening_passed = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "campaign",
            "district",
            "district_name",
            "cluster",
            "state",
            "state_label",
            "nominated_at",
            "is_overdue",
            "audit_due",
            "next_audit_on",
            "is_certified",
            "screening_passed",
            "version",
        ]


class EnrolmentTransitionOutput(serializers.ModelSerializer):
    by = serializers.CharField(source="by.__str__", read_only=True)

    class Meta:
        model = EnrolmentTransition
        fields = ["from_state", "to_state", "by", "at", "reason"]


class EnrolmentDetailOutput(EnrolmentListOutput):
    transitions = EnrolmentTransitionOutput(many=True, read_only=True)

    class Meta(EnrolmentListOutput.Meta):
        fields = [*EnrolmentListOutput.Meta.fields, "transitions"]


class EnrolmentNominateInput(serializers.Serializer):
    enterprise = VisiblePrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    campaign = VisiblePrimaryKeyRelatedField(queryset=Campaign.objects.all())
    late_reason = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required once the campaign's assistance phase has ended: why the enterprise is nominated anyway.",
    )


class EnrolmentTransitionInput(serializers.Serializer):
    to = serializers.ChoiceField(choices=EnrolmentState.choices)
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class EnrolmentFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    district = django_filters.ModelChoiceFilter(queryset=MemberUnit.objects.all(), field_name="enterprise__district")
    state = django_filters.ChoiceFilter(choices=EnrolmentState.choices)
    cluster = django_filters.ChoiceFilter(choices=Cluster.choices, field_name="enterprise__cluster")
    overdue = django_filters.BooleanFilter(field_name="is_overdue")
    audit_due = django_filters.BooleanFilter(field_name="audit_due")

    class Meta:
        model = Enrolment
        fields = ["campaign", "district", "state", "cluster", "overdue", "audit_due"]


@extend_schema(tags=["enrolments"])
@extend_schema_view(
    list=extend_schema(summary="Enrolments (filter by campaign, district, state, cluster, overdue, audit_due)"),
    retrieve=extend_schema(summary="One enrolment with its state changes"),
)
class EnrolmentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    ordering_fields = ["id", "state", "nominated_at", "operation_started_on", "enterprise__name"]
    queryset = Enrolment.objects.select_related("enterprise", "enterprise__district").order_by(
        "-campaign__year", "enterprise__name", "pk"
    )
    filterset_class = EnrolmentFilter

    def get_queryset(self):
        queryset = with_flags(super().get_queryset(), timezone.localdate())
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("transitions", queryset=EnrolmentTransition.objects.select_related("by").order_by("at", "pk"))
            )
        return queryset

    def get_serializer_class(self):
        return EnrolmentDetailOutput if self.action == "retrieve" else EnrolmentListOutput

    def _output(self, enrolment, **kwargs):
        fresh = self.get_queryset().prefetch_related("transitions__by").get(pk=enrolment.pk)
        return Response(EnrolmentDetailOutput(fresh).data, **kwargs)

    @extend_schema(
        summary="Nominate an enterprise for a campaign (once per campaign)",
        request=EnrolmentNominateInput,
        responses={201: EnrolmentDetailOutput},
    )
    def create(self, request):
        serializer = EnrolmentNominateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        enrolment = services.enrolment_nominate(
            enterprise=serializer.validated_data["enterprise"],
            campaign=serializer.validated_data["campaign"],
            late_reason=serializer.validated_data["late_reason"],
            acting_user=request.user,
        )
        return self._output(enrolment, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Move the enrolment to another state (DESIGN.md §5); the reason is required to reject or withdraw",
        request=EnrolmentTransitionInput,
        responses={200: EnrolmentDetailOutput},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        enrolment = self.get_object()
        serializer = EnrolmentTransitionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        enrolment = enrolment_advance(
            enrolment=enrolment,
            to=serializer.validated_data["to"],
            reason=serializer.validated_data["reason"],
            acting_user=request.user,
        )
        return self._output(enrolment)
