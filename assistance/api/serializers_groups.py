"""One serializer per use for bodies, experts, working groups, assignments and certification audits. Inputs check
shape only; R2–R6 are checked by assistance.services."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import User
from assistance.models import (
    Assignment,
    AuditResult,
    CertificationAudit,
    CertificationBody,
    Expert,
    GroupRole,
    WorkingGroup,
    WorkingGroupMember,
)
from campaign.models import Campaign, MemberUnit
from enterprises.models import Cluster, Enrolment
from portal.api import VisiblePrimaryKeyRelatedField


class CertificationBodyOutput(serializers.ModelSerializer):
    expert_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CertificationBody
        fields = ["id", "name", "approval_number", "contact", "expert_count"]


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
    """The body is the caller's own; the user is created with an unusable password unless one is sent."""

    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, required=False, allow_blank=True, default="", write_only=True)


class ExpertUpdateInput(_ExpertInput):
    version = serializers.IntegerField(min_value=0, help_text="The version you read.")


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


class CertificationAuditOutput(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enrolment.enterprise.name", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)

    class Meta:
        model = CertificationAudit
        fields = [
            "id",
            "enrolment",
            "enterprise_name",
            "body",
            "body_name",
            "team",
            "starts_on",
            "ends_on",
            "decision_maker",
            "result",
            "decided_on",
        ]


class CertificationAuditCreateInput(serializers.Serializer):
    enrolment = VisiblePrimaryKeyRelatedField(queryset=Enrolment.objects.all())
    team = VisiblePrimaryKeyRelatedField(queryset=Expert.objects.all(), many=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    decision_maker = VisiblePrimaryKeyRelatedField(queryset=Expert.objects.all(), required=False, allow_null=True)


class CertificationAuditDecideInput(serializers.Serializer):
    decision_maker = VisiblePrimaryKeyRelatedField(queryset=Expert.objects.all())
    result = serializers.ChoiceField(choices=[AuditResult.CERTIFIED, AuditResult.REFUSED])
    decided_on = serializers.DateField()
