"""The campaign API: campaigns with their calendar, member units, kickoff meetings (R9).

Rows come only through ``visible_to`` (ScopedViewSetMixin); writes go through campaign.services, whose Django
ValidationError becomes a 400 with field messages (portal.api.exception_handler).
"""

from django.db.models import Max, Min, Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.scope import scope_of
from campaign import services
from campaign.api.filters import KickoffMeetingFilter
from campaign.api.serializers import (
    CampaignDetailOutput,
    CampaignListOutput,
    KickoffMeetingCreateInput,
    KickoffMeetingOutput,
    KickoffMeetingUpdateInput,
    MemberUnitOutput,
)
from campaign.models import Campaign, Deadline, KickoffMeeting, MemberUnit, Phase
from campaign.selectors import today_local
from portal.api import IfMatchMixin, RulesPermission, ScopedViewSetMixin
from portal.files import attachment_response, original_name


@extend_schema(tags=["campaigns"])
@extend_schema_view(
    list=extend_schema(summary="Campaigns of the caller's tenant, with their phase calendar"),
    retrieve=extend_schema(summary="One campaign with its phases and deadlines"),
)
class CampaignViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    ordering_fields = ["id", "year", "title", "reopened_until"]
    queryset = (
        Campaign.objects.annotate(starts_on=Min("phases__starts_on"), ends_on=Max("phases__ends_on"))
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("starts_on", "ends_on")))
        .order_by("-year", "pk")
    )

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(Prefetch("deadlines", queryset=Deadline.objects.order_by("due_on")))
        return queryset

    def get_serializer_class(self):
        return CampaignDetailOutput if self.action == "retrieve" else CampaignListOutput

    def get_serializer_context(self):
        # One "today" per request, in Asia/Shanghai, decides every campaign's current phases.
        return {**super().get_serializer_context(), "today": today_local()}


@extend_schema(tags=["member units"])
@extend_schema_view(
    list=extend_schema(summary="Member units the caller may see"),
    retrieve=extend_schema(summary="One member unit"),
)
class MemberUnitViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    ordering_fields = ["id", "name", "kind", "sort_order"]
    queryset = MemberUnit.objects.order_by("sort_order", "name", "pk")
    serializer_class = MemberUnitOutput


@extend_schema(tags=["kickoff meetings"])
@extend_schema_view(
    list=extend_schema(summary="Kickoff meetings the caller may see"),
    retrieve=extend_schema(summary="One kickoff meeting"),
)
class KickoffMeetingViewSet(
    IfMatchMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """四(一), R9: each member unit records its own regional kickoff meeting; the regulator follows them."""

    ordering_fields = ["id", "held_on", "recorded_at"]

    queryset = (
        KickoffMeeting.objects.select_related("campaign", "member_unit", "recorded_by")
        # The kickoff deadline decides is_late; one query for every campaign on the page.
        .prefetch_related("campaign__deadlines")
        .order_by("-campaign__year", "member_unit__sort_order", "member_unit__name", "pk")
    )
    serializer_class = KickoffMeetingOutput
    filterset_class = KickoffMeetingFilter
    permission_classes = [IsAuthenticated, RulesPermission]
    rules_permissions = {"create": "campaign.record_kickoff"}
    rules_object_permissions = {
        "update": "campaign.change_kickoffmeeting",
        "partial_update": "campaign.change_kickoffmeeting",
    }

    def permission_object(self):
        """The caller's own member unit (from their membership), or None for every other role."""
        scope = scope_of(self.request.user)
        if scope is None or scope.member_unit_id is None:
            return None
        return MemberUnit.objects.visible_to(self.request.user).filter(pk=scope.member_unit_id).first()

    def _output(self, kickoff, **kwargs):
        fresh = self.get_queryset().get(pk=kickoff.pk)
        return Response(KickoffMeetingOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Record the caller's own member unit's kickoff meeting",
        request={"multipart/form-data": KickoffMeetingCreateInput, "application/json": KickoffMeetingCreateInput},
        responses={201: KickoffMeetingOutput},
    )
    def create(self, request):
        serializer = KickoffMeetingCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data.get("minutes")
        kickoff = services.kickoff_record(
            campaign=data["campaign"],
            member_unit=self.permission_object(),
            held_on=data["held_on"],
            place=data["place"],
            attendance=data["attendance"],
            minutes=upload,
            minutes_name=original_name(upload) if upload else "",
            acting_user=request.user,
        )
        return self._output(kickoff, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a kickoff meeting (send the version you read)",
        request={"multipart/form-data": KickoffMeetingUpdateInput, "application/json": KickoffMeetingUpdateInput},
        responses={200: KickoffMeetingOutput, 409: OpenApiResponse(description="Changed by someone else meanwhile.")},
    )
    def update(self, request, pk=None, partial=False):
        kickoff = self.get_object()
        serializer = KickoffMeetingUpdateInput(
            data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data.get("minutes")
        kickoff = services.kickoff_update(
            kickoff=kickoff,
            held_on=data.get("held_on", kickoff.held_on),
            place=data.get("place", kickoff.place),
            attendance=data.get("attendance", kickoff.attendance),
            minutes=upload,
            minutes_name=original_name(upload) if upload else "",
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(kickoff)

    @extend_schema(
        summary="Change some fields of a kickoff meeting (send the version you read)",
        request={"multipart/form-data": KickoffMeetingUpdateInput, "application/json": KickoffMeetingUpdateInput},
        responses={200: KickoffMeetingOutput, 409: OpenApiResponse(description="Changed by someone else meanwhile.")},
    )
    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)

    @extend_schema(
        summary="Download the minutes file",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def minutes(self, request, pk=None):
        kickoff = self.get_object()
        return attachment_response(kickoff.minutes, kickoff.minutes_name)
