"""One serializer per use (STYLE.md §6): outputs describe what a caller reads, inputs check only the shape of what
it sends. Business rules (dates, one kickoff per unit, who may write) live in campaign.services."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from campaign.models import KICKOFF_MAX_ATTENDANCE, Campaign, Deadline, KickoffMeeting, MemberUnit, Phase
from campaign.policy import KickoffStanding
from campaign.selectors import kickoff_standing_of, phases_on
from portal.api import VisiblePrimaryKeyRelatedField
from portal.files import PHOTOS_AND_DOCUMENTS, accept_upload


class CampaignPhaseOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Phase
        fields = ["kind", "kind_label", "starts_on", "ends_on"]


class CampaignDeadlineOutput(serializers.ModelSerializer):
    label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Deadline
        fields = ["kind", "label", "due_on"]


class CampaignListOutput(serializers.ModelSerializer):
    """The campaign with its phase calendar; ``current_phases`` are the phases running today in Asia/Shanghai."""

    starts_on = serializers.DateField(read_only=True, allow_null=True)
    ends_on = serializers.DateField(read_only=True, allow_null=True)
    phases = CampaignPhaseOutput(many=True, read_only=True)
    current_phases = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = ["id", "year", "title", "document_number", "starts_on", "ends_on", "current_phases", "phases"]

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=Phase._meta.get_field("kind").choices))
    )
    def get_current_phases(self, campaign) -> list[str]:
        return [phase.kind for phase in phases_on(campaign, self.context["today"])]


class CampaignDetailOutput(CampaignListOutput):
    """Adds the deadlines and the campaign this one was cloned from."""

    deadlines = CampaignDeadlineOutput(many=True, read_only=True)

    class Meta(CampaignListOutput.Meta):
        fields = [*CampaignListOutput.Meta.fields, "deadlines", "cloned_from"]


class MemberUnitOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    remit_label = serializers.CharField(source="get_remit_display", read_only=True)

    class Meta:
        model = MemberUnit
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "remit",
            "remit_label",
            "is_demonstration_zone",
            "is_demonstration_point",
        ]


class KickoffMeetingOutput(serializers.ModelSerializer):
    member_unit_name = serializers.CharField(source="member_unit.name", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.__str__", read_only=True)
    is_late = serializers.SerializerMethodField(help_text="Held after the campaign's kickoff deadline (R9).")
    minutes_url = serializers.SerializerMethodField()

    class Meta:
        model = KickoffMeeting
        fields = [
            "id",
            "campaign",
            "member_unit",
            "member_unit_name",
            "held_on",
            "place",
            "attendance",
            "is_late",
            "minutes_name",
            "minutes_url",
            "recorded_by",
            "recorded_at",
            "version",
        ]

    def get_is_late(self, kickoff) -> bool:
        return kickoff_standing_of(kickoff) is KickoffStanding.HELD_LATE

    def get_minutes_url(self, kickoff) -> str | None:
        if not kickoff.minutes:
            return None
        return reverse("api:kickoff-meeting-minutes", args=[kickoff.pk], request=self.context.get("request"))


class _KickoffMeetingInput(serializers.Serializer):
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=200)
    attendance = serializers.IntegerField(min_value=1, max_value=KICKOFF_MAX_ATTENDANCE)
    minutes = serializers.FileField(required=False, allow_null=True, allow_empty_file=True)

    def validate_minutes(self, upload):
        # Checked by content and size here, before the service writes anything, so a refused file never reaches disk.
        if upload:
            return accept_upload(upload, kinds=PHOTOS_AND_DOCUMENTS)
        return upload


class KickoffMeetingCreateInput(_KickoffMeetingInput):
    """The member unit is the caller's own, from their membership; it is never taken from the body."""

    campaign = VisiblePrimaryKeyRelatedField(queryset=Campaign.objects.all())


class KickoffMeetingUpdateInput(_KickoffMeetingInput):
    version = serializers.IntegerField(
        min_value=1,
        help_text="The version you read; if the record has changed since, the update is refused (409).",
    )

    def validate(self, attrs):
        # Optimistic concurrency needs the version on PATCH too, or a partial update could overwrite a change unseen.
        if "version" not in attrs:
            raise serializers.ValidationError(
                {"version": _("Send the version you read, so that a change made meanwhile is not overwritten.")}
            )
        return attrs
