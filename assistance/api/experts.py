"""Endpoints for assistance experts with their load (R2): list, read, add one to the caller's body, change one
(send the version read: 409 when stale).

Rows come only through ``visible_to`` (ScopedViewSetMixin, VisiblePrimaryKeyRelatedField, ScopedFilterSet); writes go
through assistance.services, whose ValidationErrors become 400s with field messages and the "stale" one a 409."""

from __future__ import annotations

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from assistance.models import Expert
from assistance.selectors.experts import expert_load_expression
from assistance.services import experts as services
from campaign.models import Campaign, MemberUnit
from campaign.selectors import campaign_current
from enterprises.models import Cluster
from portal.api import IfMatchMixin, ScopedFilterSet, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField
from portal.services import require_perm


class ExpertFilter(ScopedFilterSet):
    # The campaign also decides which load is reported; see ExpertViewSet.
    campaign = extend_schema_field(OpenApiTypes.INT)(
        django_filters.ModelChoiceFilter(queryset=Campaign.objects.all(), method="by_campaign")
    )
    home_district = django_filters.ModelChoiceFilter(queryset=MemberUnit.objects.all())

    class Meta:
        model = Expert
        fields = ["campaign", "home_district"]

    def by_campaign(self, queryset, name, value):
        return queryset  # only chooses the campaign of the load figure


class ExpertOutput(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="user.__str__", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    home_district_name = serializers.CharField(source="home_district.name", read_only=True)
    specialties = serializers.ListField(child=serializers.ChoiceField(choices=Cluster.choices), read_only=True)
    load = serializers.IntegerField(
        read_only=True, help_text="Enterprises the expert actively assists in the chosen (or current) campaign (R2)."
    )
    version = serializers.IntegerField(read_only=True, help_text="Send it back when you change the expert.")

    class Meta:
        model = Expert
        fields = [
            "id",
            "username",
            "name",
            "body",
            "body_name",
            "specialties",
            "home_district",
            "home_district_name",
            "phone",
            "load",
            "version",
        ]


class _ExpertInput(serializers.Serializer):
    display_name = serializers.CharField(max_length=100)
    specialties = serializers.ListField(child=serializers.ChoiceField(choices=Cluster.choices), allow_empty=True)
    home_district = VisiblePrimaryKeyRelatedField(queryset=MemberUnit.objects.all())
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class ExpertCreateInput(_ExpertInput):
    """The body is the caller's own; the user has no password until they set one through the e-mailed invitation."""

    username = serializers.CharField(max_length=150)
    email = serializers.EmailField(max_length=254, help_text="The expert is invited there to set a password.")


class ExpertUpdateInput(_ExpertInput):
    version = serializers.IntegerField(min_value=0, help_text="The version you read.")


@extend_schema(tags=["experts"])
@extend_schema_view(
    list=extend_schema(summary="Assistance experts the caller may see, with their load (?campaign=, else current)"),
    retrieve=extend_schema(summary="One expert"),
)
class ExpertViewSet(
    IfMatchMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    ordering_fields = ["id", "user__username", "body__name"]
    queryset = Expert.objects.select_related("user", "body", "home_district").order_by("body__name", "user__username")
    serializer_class = ExpertOutput
    filterset_class = ExpertFilter

    def _campaign(self):
        value = self.request.query_params.get("campaign")
        if value and value.isdigit():
            return Campaign.objects.visible_to(self.request.user).filter(pk=value).first()
        return campaign_current(user=self.request.user)

    def get_queryset(self):
        campaign = self._campaign()
        # R2: every active assignment in the campaign, whoever looks (0 without a campaign).
        return super().get_queryset().annotate(load=expert_load_expression(campaign.pk if campaign else None))

    def _output(self, expert, **kwargs):
        fresh = self.get_queryset().get(pk=expert.pk)
        return Response(ExpertOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Add an expert to the caller's own body", request=ExpertCreateInput, responses={201: ExpertOutput}
    )
    def create(self, request):
        require_perm(request.user, "assistance.add_expert")
        serializer = ExpertCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        expert = services.expert_create(
            username=data["username"],
            display_name=data["display_name"],
            email=data["email"],
            specialties=data["specialties"],
            home_district=data["home_district"],
            phone=data["phone"],
            site_url=request.build_absolute_uri("/"),
            acting_user=request.user,
        )
        return self._output(expert, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change an expert's specialties, district or contact (send the version you read)",
        request=ExpertUpdateInput,
        responses={200: ExpertOutput, 409: OpenApiResponse(description="Changed by someone else meanwhile.")},
    )
    def update(self, request, pk=None):
        expert = self.get_object()
        require_perm(request.user, "assistance.change_expert", expert)
        serializer = ExpertUpdateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        expert = services.expert_update(
            expert=expert,
            display_name=data["display_name"],
            specialties=data["specialties"],
            home_district=data["home_district"],
            phone=data["phone"],
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(expert)
