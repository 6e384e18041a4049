"""API of the district submissions (五(一), R10): the district's own (note, files, submit), the regulator's review
(return, approve, unlock). Rows through visible_to; state, approval and counts are never taken from the input."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from accounts.scope import scope_of
from campaign.models import Campaign, MemberUnit
from portal.api import IfMatchMixin, ScopedFilterSet, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField
from portal.files import DOCUMENTS, attachment_response, validate_upload
from submissions.models import DistrictSubmission, SubmissionEvent, SubmissionFile, SubmissionState
from submissions.selectors.submissions import submission_due_on, submission_late_days
from submissions.services import submissions as services

CONFLICT_RESPONSE = OpenApiResponse(description="Changed by someone else meanwhile: fetch it again.")


class SubmissionFileOutput(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = SubmissionFile
        fields = ["id", "submission", "original_name", "uploaded_at", "download_url"]

    def get_download_url(self, item) -> str:
        return reverse("api:submission-file-download", args=[item.pk], request=self.context.get("request"))


class SubmissionEventOutput(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", read_only=True)

    class Meta:
        model = SubmissionEvent
        fields = ["id", "kind", "comment", "actor", "actor_name", "at"]


class SubmissionListOutput(serializers.ModelSerializer):
    member_unit_name = serializers.CharField(source="member_unit.name", read_only=True)
    year = serializers.IntegerField(source="campaign.year", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    late_days = serializers.SerializerMethodField(help_text="0 on time, None not submitted yet")

    class Meta:
        model = DistrictSubmission
        fields = [
            "id",
            "campaign",
            "year",
            "member_unit",
            "member_unit_name",
            "state",
            "state_label",
            "first_submitted_at",
            "submitted_at",
            "late_days",
            "returned_at",
            "return_comment",
            "approved_at",
            "approved_by",
            "unlock_count",
            "version",
        ]

    def get_late_days(self, submission) -> int | None:
        return submission_late_days(
            submitted_at=submission.first_submitted_at, due_on=submission_due_on(submission.campaign)
        )


class SubmissionDetailOutput(SubmissionListOutput):
    files = SubmissionFileOutput(many=True, read_only=True)
    events = SubmissionEventOutput(many=True, read_only=True)

    class Meta(SubmissionListOutput.Meta):
        fields = [*SubmissionListOutput.Meta.fields, "note", "data_rollup", "files", "events"]


class SubmissionOpenInput(serializers.Serializer):
    campaign = VisiblePrimaryKeyRelatedField(queryset=Campaign.objects.all())


class SubmissionUpdateInput(serializers.Serializer):
    """Only the note is the district's to write; state, approval, roll-up and counts are ignored if sent."""

    note = serializers.CharField(max_length=4000, allow_blank=True)
    version = serializers.IntegerField(min_value=1)


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class ReturnInput(VersionInput):
    comment = serializers.CharField(max_length=2000)


class UnlockInput(VersionInput):
    reason = serializers.CharField(max_length=2000)


class FileInput(serializers.Serializer):
    file = serializers.FileField()
    version = serializers.IntegerField(min_value=1, required=False)

    def validate_file(self, upload):
        validate_upload(upload, kinds=DOCUMENTS)
        return upload


class SubmissionFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    member_unit = django_filters.ModelChoiceFilter(queryset=MemberUnit.objects.all())
    state = django_filters.ChoiceFilter(choices=SubmissionState.choices)

    class Meta:
        model = DistrictSubmission
        fields = ["campaign", "member_unit", "state"]


@extend_schema(tags=["district submissions"])
@extend_schema_view(
    list=extend_schema(summary="District submissions: the regulator's tenant's, or the district's own"),
    retrieve=extend_schema(summary="One submission with its files, roll-up and history"),
)
class DistrictSubmissionViewSet(
    IfMatchMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """五(一), R10: draft → submitted → returned → submitted … → approved (locked; unlocked with a reason)."""

    ordering_fields = ["id", "state", "first_submitted_at", "submitted_at", "returned_at", "approved_at", "created_at"]

    queryset = (
        DistrictSubmission.objects.select_related("campaign", "member_unit")
        .prefetch_related(
            "campaign__deadlines",
            Prefetch("files", queryset=SubmissionFile.objects.order_by("uploaded_at", "pk")),
            Prefetch("events", queryset=SubmissionEvent.objects.select_related("actor").order_by("at", "pk")),
        )
        .order_by("-campaign__year", "member_unit__sort_order", "member_unit__name", "pk")
    )
    filterset_class = SubmissionFilter

    def get_serializer_class(self):
        return SubmissionListOutput if self.action == "list" else SubmissionDetailOutput

    def _output(self, submission, **kwargs):
        fresh = self.get_queryset().get(pk=submission.pk)
        return Response(SubmissionDetailOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Open the district's own submission in a campaign (a draft; the existing one if opened before)",
        request=SubmissionOpenInput,
        responses={201: SubmissionDetailOutput},
    )
    def create(self, request):
        serializer = SubmissionOpenInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        scope = scope_of(request.user)
        unit = MemberUnit.objects.visible_to(request.user).filter(pk=getattr(scope, "member_unit_id", None)).first()
        if unit is None:
            raise exceptions.PermissionDenied
        submission = services.submission_open(
            campaign=serializer.validated_data["campaign"], member_unit=unit, acting_user=request.user
        )
        if submission is None:
            raise serializers.ValidationError({"campaign": [_("This campaign has ended; nothing more is recorded.")]})
        return self._output(submission, status=201)

    @extend_schema(
        summary="Change the note of a draft or returned submission (send the version you read)",
        request=SubmissionUpdateInput,
        responses={200: SubmissionDetailOutput, 409: CONFLICT_RESPONSE},
    )
    def partial_update(self, request, pk=None):
        submission = self.get_object()
        serializer = SubmissionUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved = services.submission_update(
            submission=submission, note=data["note"], expected_version=data["version"], acting_user=request.user
        )
        return self._output(saved)

    @extend_schema(
        summary="Submit (R10: a recommended case and a summary file needed; late is accepted and flagged)",
        request=VersionInput,
        responses={200: SubmissionDetailOutput, 409: CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission = self.get_object()
        serializer = VersionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._output(
            services.submission_submit(
                submission=submission, expected_version=serializer.validated_data["version"], acting_user=request.user
            )
        )

    @extend_schema(
        summary="Return to the district with a comment (the regulator)",
        request=ReturnInput,
        responses={200: SubmissionDetailOutput, 409: CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        submission = self.get_object()
        serializer = ReturnInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return self._output(
            services.submission_return(
                submission=submission,
                comment=data["comment"],
                expected_version=data["version"],
                acting_user=request.user,
            )
        )

    @extend_schema(
        summary="Approve and lock (the regulator; refused with 409 when changed since read)",
        request=VersionInput,
        responses={200: SubmissionDetailOutput, 409: CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        submission = self.get_object()
        serializer = VersionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._output(
            services.submission_approve(
                submission=submission, expected_version=serializer.validated_data["version"], acting_user=request.user
            )
        )

    @extend_schema(
        summary="Unlock an approved submission with a reason (the regulator; recorded and counted)",
        request=UnlockInput,
        responses={200: SubmissionDetailOutput, 409: CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        submission = self.get_object()
        serializer = UnlockInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return self._output(
            services.submission_unlock(
                submission=submission, reason=data["reason"], expected_version=data["version"], acting_user=request.user
            )
        )

    @extend_schema(
        summary="Add a summary material to a draft or returned submission",
        request={"multipart/form-data": FileInput},
        responses={201: SubmissionFileOutput},
    )
    @action(detail=True, methods=["post"])
    def files(self, request, pk=None):
        submission = self.get_object()
        serializer = FileInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        items = services.submission_files_add(
            submission=submission,
            uploads=[data["file"]],
            expected_version=data.get("version"),
            acting_user=request.user,
        )
        return Response(SubmissionFileOutput(items[0], context=self.get_serializer_context()).data, status=201)


class SubmissionFileFilter(ScopedFilterSet):
    submission = django_filters.ModelChoiceFilter(queryset=DistrictSubmission.objects.all())

    class Meta:
        model = SubmissionFile
        fields = ["submission"]


@extend_schema(tags=["district submissions"])
@extend_schema_view(
    list=extend_schema(summary="Summary materials of the submissions the caller may see"),
    retrieve=extend_schema(summary="One summary material"),
    destroy=extend_schema(summary="Remove a summary material from a draft or returned submission"),
)
class SubmissionFileViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    ordering_fields = ["id", "uploaded_at"]
    queryset = SubmissionFile.objects.select_related("submission__campaign", "submission__member_unit").order_by(
        "submission_id", "uploaded_at", "pk"
    )
    serializer_class = SubmissionFileOutput
    filterset_class = SubmissionFileFilter

    def perform_destroy(self, instance):
        services.submission_file_remove(item=instance, acting_user=self.request.user)

    @extend_schema(summary="Download the file", responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        item = self.get_object()
        return attachment_response(item.file, item.original_name)
