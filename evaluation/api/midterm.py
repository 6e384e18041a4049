"""The mid-term API (四(二)): snapshots, the mid-term meeting and its next steps.

Rows come only through ``visible_to`` (ScopedViewSetMixin); a snapshot is never updated (list, retrieve and create
only), and what a caller reads of it is ``evaluation.selectors.midterm.snapshot_line``: the whole snapshot for the
regulator, its own line for a district or a certification body. Writes go through evaluation.services.
"""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from assistance.models import CertificationBody
from campaign.models import Campaign, MemberUnit
from evaluation.models import MidtermMeeting, MidtermSnapshot, NextStep, NextStepOwner
from evaluation.models.midterm import MEETING_MAX_ATTENDANCE
from evaluation.selectors.midterm import snapshot_line
from evaluation.services import midterm as services
from portal.api import IfMatchMixin, RulesPermission, ScopedFilterSet, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField
from portal.files import PHOTOS_AND_DOCUMENTS, accept_upload, attachment_response, original_name

# --- Snapshots -------------------------------------------------------------------------------------------------


class MidtermSnapshotListOutput(serializers.ModelSerializer):
    taken_by = serializers.CharField(source="taken_by.__str__", read_only=True)

    class Meta:
        model = MidtermSnapshot
        fields = ["id", "campaign", "sequence", "as_of", "taken_at", "taken_by"]


class MidtermSnapshotOutput(MidtermSnapshotListOutput):
    line = serializers.SerializerMethodField(
        help_text="What the caller may read of the frozen figures: kind 'city' with the whole figures (regulator), "
        "or kind 'district' / 'body' with the caller's own row and the median it was compared with."
    )

    class Meta(MidtermSnapshotListOutput.Meta):
        fields = [*MidtermSnapshotListOutput.Meta.fields, "line"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_line(self, snapshot) -> dict[str, Any]:
        line = snapshot_line(snapshot=snapshot, user=self.context["request"].user)
        if line.figures is not None:
            return {"kind": line.kind, "figures": line.figures}
        return {"kind": line.kind, "row": line.row, "median": line.median}


class MidtermSnapshotCreateInput(serializers.Serializer):
    campaign = VisiblePrimaryKeyRelatedField(queryset=Campaign.objects.all())
    token = serializers.UUIDField(
        help_text="A key the client makes once per intended snapshot; sending it again returns the same snapshot."
    )


class CampaignFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())


class MidtermSnapshotFilter(CampaignFilter):
    class Meta:
        model = MidtermSnapshot
        fields = ["campaign"]


@extend_schema(tags=["mid-term"])
@extend_schema_view(
    list=extend_schema(summary="Mid-term snapshots the caller may read (without their figures)"),
    retrieve=extend_schema(summary="One mid-term snapshot: the whole city (regulator) or the caller's own line"),
)
class MidtermSnapshotViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """四(二): frozen figures; there is no update or delete."""

    ordering_fields = ["id", "sequence", "as_of", "taken_at"]

    queryset = MidtermSnapshot.objects.select_related("taken_by").order_by("campaign_id", "-sequence")
    filterset_class = MidtermSnapshotFilter

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.defer("figures") if self.action == "list" else queryset

    def get_serializer_class(self):
        return MidtermSnapshotListOutput if self.action == "list" else MidtermSnapshotOutput

    @extend_schema(
        summary="Take a mid-term snapshot (regulator); the same token again returns the snapshot it made",
        request=MidtermSnapshotCreateInput,
        responses={201: MidtermSnapshotOutput, 200: MidtermSnapshotOutput},
    )
    def create(self, request):
        serializer = MidtermSnapshotCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        snapshot, created = services.snapshot_take(
            campaign=serializer.validated_data["campaign"],
            token=serializer.validated_data["token"],
            acting_user=request.user,
        )
        fresh = self.get_queryset().get(pk=snapshot.pk)
        return Response(
            MidtermSnapshotOutput(fresh, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


# --- The mid-term meeting ------------------------------------------------------------------------------------------


class MidtermMeetingOutput(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.__str__", read_only=True)
    minutes_url = serializers.SerializerMethodField()

    class Meta:
        model = MidtermMeeting
        fields = [
            "id",
            "campaign",
            "held_on",
            "place",
            "attendance",
            "attendees",
            "notes",
            "minutes_name",
            "minutes_url",
            "recorded_by",
            "recorded_at",
            "version",
        ]

    def get_minutes_url(self, meeting) -> str | None:
        if not meeting.minutes:
            return None
        return reverse("api:midterm-meeting-minutes", args=[meeting.pk], request=self.context.get("request"))


class _MidtermMeetingInput(serializers.Serializer):
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=200)
    attendance = serializers.IntegerField(min_value=1, max_value=MEETING_MAX_ATTENDANCE)
    attendees = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.FileField(required=False, allow_null=True, allow_empty_file=True)

    def validate_minutes(self, upload):
        # Checked by content and size before the service writes anything, so a refused file never reaches disk.
        return accept_upload(upload, kinds=PHOTOS_AND_DOCUMENTS) if upload else upload


class MidtermMeetingCreateInput(_MidtermMeetingInput):
    campaign = VisiblePrimaryKeyRelatedField(queryset=Campaign.objects.all())


class MidtermMeetingUpdateInput(_MidtermMeetingInput):
    version = serializers.IntegerField(
        min_value=1, help_text="The version you read; if the record has changed since, the update is refused (409)."
    )


class MidtermMeetingFilter(CampaignFilter):
    class Meta:
        model = MidtermMeeting
        fields = ["campaign"]


@extend_schema(tags=["mid-term"])
@extend_schema_view(
    list=extend_schema(summary="Mid-term meetings the caller may see"),
    retrieve=extend_schema(summary="One mid-term meeting"),
)
class MidtermMeetingViewSet(
    IfMatchMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    ordering_fields = ["id", "held_on", "recorded_at"]
    queryset = MidtermMeeting.objects.select_related("recorded_by").order_by("-held_on", "pk")
    serializer_class = MidtermMeetingOutput
    filterset_class = MidtermMeetingFilter

    def _output(self, meeting, **kwargs):
        fresh = self.get_queryset().get(pk=meeting.pk)
        return Response(MidtermMeetingOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Record the campaign's mid-term meeting (regulator)",
        request={"multipart/form-data": MidtermMeetingCreateInput, "application/json": MidtermMeetingCreateInput},
        responses={201: MidtermMeetingOutput},
    )
    def create(self, request):
        serializer = MidtermMeetingCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data.get("minutes")
        meeting = services.meeting_record(
            campaign=data["campaign"],
            held_on=data["held_on"],
            place=data["place"],
            attendance=data["attendance"],
            attendees=data["attendees"],
            notes=data["notes"],
            minutes=upload,
            minutes_name=original_name(upload) if upload else "",
            acting_user=request.user,
        )
        return self._output(meeting, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change the mid-term meeting (send the version you read)",
        request={"multipart/form-data": MidtermMeetingUpdateInput, "application/json": MidtermMeetingUpdateInput},
        responses={200: MidtermMeetingOutput, 409: OpenApiResponse(description="Changed by someone else meanwhile.")},
    )
    def update(self, request, pk=None):
        meeting = self.get_object()
        serializer = MidtermMeetingUpdateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data.get("minutes")
        meeting = services.meeting_update(
            meeting=meeting,
            held_on=data["held_on"],
            place=data["place"],
            attendance=data["attendance"],
            attendees=data["attendees"],
            notes=data["notes"],
            minutes=upload,
            minutes_name=original_name(upload) if upload else "",
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(meeting)

    @extend_schema(
        summary="Download the minutes file", responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}
    )
    @action(detail=True, methods=["get"])
    def minutes(self, request, pk=None):
        meeting = self.get_object()
        return attachment_response(meeting.minutes, meeting.minutes_name)


# --- Next steps ------------------------------------------------------------------------------------------------------


class NextStepOutput(serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="meeting.campaign_id", read_only=True)
    owner_name = serializers.CharField(read_only=True)

    class Meta:
        model = NextStep
        fields = [
            "id",
            "meeting",
            "campaign",
            "what",
            "owner_kind",
            "member_unit",
            "body",
            "owner_name",
            "due_on",
            "done",
            "done_at",
            "version",
        ]


class NextStepCreateInput(serializers.Serializer):
    meeting = VisiblePrimaryKeyRelatedField(queryset=MidtermMeeting.objects.all())
    what = serializers.CharField(max_length=300)
    owner_kind = serializers.ChoiceField(choices=NextStepOwner.choices)
    member_unit = VisiblePrimaryKeyRelatedField(queryset=MemberUnit.objects.all(), required=False, allow_null=True)
    body = VisiblePrimaryKeyRelatedField(queryset=CertificationBody.objects.all(), required=False, allow_null=True)
    due_on = serializers.DateField()


class NextStepDoneInput(serializers.Serializer):
    done = serializers.BooleanField()
    version = serializers.IntegerField(
        min_value=1, help_text="The version you read; if the step has changed since, the change is refused (409)."
    )


class NextStepFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all(), field_name="meeting__campaign")
    done = django_filters.BooleanFilter()

    class Meta:
        model = NextStep
        fields = ["campaign", "done", "owner_kind"]


@extend_schema(tags=["mid-term"])
@extend_schema_view(
    list=extend_schema(summary="Next steps the caller may see (the regulator all, an owner its own)"),
    retrieve=extend_schema(summary="One next step"),
)
class NextStepViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    ordering_fields = ["id", "due_on", "done", "done_at"]
    queryset = NextStep.objects.select_related("member_unit", "body", "meeting").order_by("done", "due_on", "pk")
    serializer_class = NextStepOutput
    filterset_class = NextStepFilter
    permission_classes = [IsAuthenticated, RulesPermission]
    rules_object_permissions = {"done": "evaluation.complete_nextstep"}

    def _output(self, step, **kwargs):
        fresh = self.get_queryset().get(pk=step.pk)
        return Response(NextStepOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Add a next step to the mid-term meeting (regulator)",
        request=NextStepCreateInput,
        responses={201: NextStepOutput},
    )
    def create(self, request):
        serializer = NextStepCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        step = services.next_step_add(
            meeting=data["meeting"],
            what=data["what"],
            owner_kind=data["owner_kind"],
            member_unit=data.get("member_unit"),
            body=data.get("body"),
            due_on=data["due_on"],
            acting_user=request.user,
        )
        return self._output(step, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Mark a next step done or not done (its owner or the regulator)",
        request=NextStepDoneInput,
        responses={200: NextStepOutput, 409: OpenApiResponse(description="Changed by someone else meanwhile.")},
    )
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        step = self.get_object()
        serializer = NextStepDoneInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        step = services.next_step_set_done(
            step=step,
            done=serializer.validated_data["done"],
            expected_version=serializer.validated_data["version"],
            acting_user=request.user,
        )
        return self._output(step)
