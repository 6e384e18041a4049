"""Serializers of the supervision API, one per use (output, create input, answer, review)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from accounts.models import Role, User
from assistance.models import CertificationBody
from campaign.models import Campaign, MemberUnit
from enterprises.models import Enterprise
from portal.api import VisiblePrimaryKeyRelatedField
from portal.files import PHOTOS_AND_DOCUMENTS, validate_upload
from supervision.models import (
    RectificationAnswer,
    RectificationEvidence,
    RectificationRequest,
    SupervisionRound,
    SupervisionVisit,
)
from supervision.policy import days_overdue
from supervision.selectors.visits import visit_view_for

# --- serializers --------------------------------------------------------------------------------------------------


class SupervisionPartyOutputMixin(serializers.Serializer):
    party_kind = serializers.CharField(read_only=True)
    party_name = serializers.SerializerMethodField()

    def get_party_name(self, row) -> str:
        return str(row.party)


class SupervisionRoundOutput(serializers.ModelSerializer):
    class Meta:
        model = SupervisionRound
        fields = ["id", "campaign", "title", "starts_on", "ends_on", "state", "closed_at", "version"]


class SupervisionRoundCreateInput(serializers.Serializer):
    campaign = VisiblePrimaryKeyRelatedField(queryset=Campaign.objects.all())
    title = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)


class SupervisionVersionInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class SupervisionVisitOutput(SupervisionPartyOutputMixin, serializers.ModelSerializer):
    staff = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SupervisionVisit
        fields = [
            "id",
            "round",
            "visited_on",
            "party_kind",
            "party_name",
            "member_unit",
            "enterprise",
            "body",
            "staff",
            "observations",
            "findings",
            "internal_notes",
            "version",
        ]

    def to_representation(self, visit):
        data = super().to_representation(visit)
        view = visit_view_for(self.context["request"].user, visit)
        if not view.shows_internal:
            data.pop("internal_notes", None)
            data.pop("staff", None)
        if not view.shows_findings:
            data["observations"] = None
            data["findings"] = None
        return data


class SupervisionPartyInputMixin(serializers.Serializer):
    member_unit = VisiblePrimaryKeyRelatedField(queryset=MemberUnit.objects.all(), required=False, allow_null=True)
    enterprise = VisiblePrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False, allow_null=True)
    body = VisiblePrimaryKeyRelatedField(queryset=CertificationBody.objects.all(), required=False, allow_null=True)

    def validate(self, attrs):
        chosen = [attrs.get(name) for name in ("member_unit", "enterprise", "body") if attrs.get(name) is not None]
        if len(chosen) != 1:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Give exactly one of member_unit, enterprise or body.")]}
            )
        attrs["party"] = chosen[0]
        return attrs


class _StaffField(VisiblePrimaryKeyRelatedField):
    def get_queryset(self):
        return super().get_queryset().filter(is_active=True, membership__role=Role.REGULATOR)


class SupervisionVisitCreateInput(SupervisionPartyInputMixin):
    round = VisiblePrimaryKeyRelatedField(queryset=SupervisionRound.objects.all())
    visited_on = serializers.DateField()
    staff = _StaffField(queryset=User.objects.all(), many=True)
    observations = serializers.CharField(max_length=20_000)
    findings = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    internal_notes = serializers.CharField(max_length=20_000, required=False, allow_blank=True)


class RectificationEvidenceOutput(serializers.ModelSerializer):
    class Meta:
        model = RectificationEvidence
        fields = ["id", "original_name", "uploaded_at"]


class RectificationAnswerOutput(serializers.ModelSerializer):
    evidence = RectificationEvidenceOutput(many=True, read_only=True)

    class Meta:
        model = RectificationAnswer
        fields = ["id", "text", "answered_by", "answered_at", "evidence"]


class RectificationRequestOutput(SupervisionPartyOutputMixin, serializers.ModelSerializer):
    round = serializers.IntegerField(source="visit.round_id", read_only=True)
    days_overdue = serializers.SerializerMethodField()

    class Meta:
        model = RectificationRequest
        fields = [
            "id",
            "campaign",
            "round",
            "visit",
            "party_kind",
            "party_name",
            "member_unit",
            "enterprise",
            "body",
            "asked",
            "due_on",
            "state",
            "days_overdue",
            "return_comment",
            "returned_count",
            "closing_comment",
            "closed_at",
            "version",
        ]

    def get_days_overdue(self, row) -> int:
        return days_overdue(state=row.state, due_on=row.due_on, today=timezone.localdate())


class RectificationRequestDetailOutput(RectificationRequestOutput):
    answers = RectificationAnswerOutput(many=True, read_only=True)

    class Meta(RectificationRequestOutput.Meta):
        fields = [*RectificationRequestOutput.Meta.fields, "answers"]


class RectificationRequestCreateInput(SupervisionPartyInputMixin):
    visit = VisiblePrimaryKeyRelatedField(queryset=SupervisionVisit.objects.all())
    asked = serializers.CharField(max_length=20_000)
    due_on = serializers.DateField()


class RectificationAnswerInput(serializers.Serializer):
    text = serializers.CharField(max_length=20_000)
    files = serializers.ListField(child=serializers.FileField(), required=False, allow_empty=True)
    version = serializers.IntegerField(min_value=1)

    def validate_files(self, uploads):
        for upload in uploads:
            validate_upload(upload, kinds=PHOTOS_AND_DOCUMENTS)
        return uploads


class RectificationReviewInput(SupervisionVersionInput):
    comment = serializers.CharField(max_length=5_000, required=False, allow_blank=True)


# --- filters ------------------------------------------------------------------------------------------------------
