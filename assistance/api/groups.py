"""Endpoints for working groups (附件一, R6): managers and experts of one body, exactly one leader.

Rows come only through ``visible_to`` (ScopedViewSetMixin, VisiblePrimaryKeyRelatedField, ScopedFilterSet); writes go
through assistance.services, whose ValidationErrors become 400s with field messages and the "stale" one a 409."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from accounts.models import User
from assistance.models import GroupRole, WorkingGroup, WorkingGroupMember
from assistance.services import groups as services
from campaign.models import Campaign, MemberUnit
from portal.api import IfMatchMixin, ScopedFilterSet, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField
from portal.services import require_perm


class WorkingGroupFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())

    class Meta:
        model = WorkingGroup
        fields = ["campaign"]


class WorkingGroupMemberOutput(serializers.ModelSerializer):
    name = serializers.CharField(source="user.__str__", read_only=True)

    class Meta:
        model = WorkingGroupMember
        fields = ["user", "name", "role", "is_leader"]


class WorkingGroupOutput(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    members = WorkingGroupMemberOutput(many=True, read_only=True)

    class Meta:
        model = WorkingGroup
        fields = ["id", "body", "body_name", "campaign", "name", "districts", "members", "version"]


class WorkingGroupMemberInput(serializers.Serializer):
    user = VisiblePrimaryKeyRelatedField(queryset=User.objects.all())
    role = serializers.ChoiceField(choices=GroupRole.choices)
    is_leader = serializers.BooleanField(default=False)


class WorkingGroupCreateInput(serializers.Serializer):
    campaign = VisiblePrimaryKeyRelatedField(queryset=Campaign.objects.all())
    name = serializers.CharField(max_length=100)
    districts = VisiblePrimaryKeyRelatedField(queryset=MemberUnit.objects.all(), many=True)
    members = WorkingGroupMemberInput(many=True)


class WorkingGroupUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    districts = VisiblePrimaryKeyRelatedField(queryset=MemberUnit.objects.all(), many=True)
    members = WorkingGroupMemberInput(many=True)
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")


def _member_specs(members) -> list[services.MemberSpec]:
    return [services.MemberSpec(user=m["user"], role=m["role"], is_leader=m["is_leader"]) for m in members]


@extend_schema(tags=["working groups"])
@extend_schema_view(
    list=extend_schema(summary="Working groups the caller may see, with their members"),
    retrieve=extend_schema(summary="One working group with its members"),
)
class WorkingGroupViewSet(
    IfMatchMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """附件一, R6: managers and experts of one body, exactly one leader."""

    ordering_fields = ["id", "name"]

    queryset = (
        WorkingGroup.objects.select_related("body")
        .prefetch_related(
            "districts",
            Prefetch(
                "members", queryset=WorkingGroupMember.objects.select_related("user").order_by("-is_leader", "pk")
            ),
        )
        .order_by("body__name", "name", "pk")
    )
    serializer_class = WorkingGroupOutput
    filterset_class = WorkingGroupFilter

    def _output(self, group, **kwargs):
        fresh = self.get_queryset().get(pk=group.pk)
        return Response(WorkingGroupOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Set up a working group of the caller's own body",
        request=WorkingGroupCreateInput,
        responses={201: WorkingGroupOutput},
    )
    def create(self, request):
        require_perm(request.user, "assistance.add_workinggroup")
        serializer = WorkingGroupCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        group = services.working_group_create(
            campaign=data["campaign"],
            name=data["name"],
            districts=data["districts"],
            members=_member_specs(data["members"]),
            acting_user=request.user,
        )
        return self._output(group, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a working group: name, districts and the whole member list (send the version you read)",
        request=WorkingGroupUpdateInput,
        responses={200: WorkingGroupOutput, 409: OpenApiResponse(description="Changed by someone else meanwhile.")},
    )
    def update(self, request, pk=None):
        group = self.get_object()
        require_perm(request.user, "assistance.change_workinggroup", group)
        serializer = WorkingGroupUpdateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        group = services.working_group_update(
            group=group,
            name=data["name"],
            districts=data["districts"],
            members=_member_specs(data["members"]),
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(group)
