"""One serializer per use (STYLE.md §6) for enterprise records, certificates, enrolments and screenings. Inputs check
shape only; the services check the business rules (codes, phones, R1, uniqueness, who may write)."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from campaign.models import Campaign, MemberUnit
from enterprises.models import (
    AuditKind,
    Certificate,
    Cluster,
    Enrolment,
    EnrolmentState,
    EnrolmentTransition,
    Enterprise,
    Screening,
    ScreeningEvidence,
    SizeClass,
)
from portal.api import VisiblePrimaryKeyRelatedField
from portal.files import DOCUMENTS, validate_upload


class EnterpriseListOutput(serializers.ModelSerializer):
    district_name = serializers.CharField(source="district.name", read_only=True)
    cluster_label = serializers.CharField(source="get_cluster_display", read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "name", "credit_code", "district", "district_name", "cluster", "cluster_label", "size_class"]


class EnterpriseDetailOutput(EnterpriseListOutput):
    class Meta(EnterpriseListOutput.Meta):
        fields = [
            *EnterpriseListOutput.Meta.fields,
            "address",
            "employees",
            "annual_revenue",
            "contact_name",
            "contact_phone",
            "is_foreign_trade",
            "is_specialised",
            "is_three_same",
            "took_part_before",
            "version",
        ]


class EnterpriseCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    credit_code = serializers.CharField(max_length=30)
    district = VisiblePrimaryKeyRelatedField(queryset=MemberUnit.objects.all())
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    cluster = serializers.ChoiceField(choices=Cluster.choices, default=Cluster.OTHER)
    size_class = serializers.ChoiceField(choices=SizeClass.choices, default=SizeClass.SMALL)
    employees = serializers.IntegerField(min_value=0, max_value=10_000, required=False, allow_null=True, default=None)
    annual_revenue = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    is_foreign_trade = serializers.BooleanField(default=False)
    is_specialised = serializers.BooleanField(default=False)
    is_three_same = serializers.BooleanField(default=False)
    took_part_before = serializers.BooleanField(default=False)


def _require_version(attrs):
    if "version" not in attrs:
        raise serializers.ValidationError(
            {"version": _("Send the version you read, so that a change made meanwhile is not overwritten.")}
        )
    return attrs


class EnterpriseUpdateInput(EnterpriseCreateInput):
    version = serializers.IntegerField(min_value=1)

    def validate(self, attrs):
        return _require_version(attrs)


class EnterpriseContactUpdateInput(serializers.Serializer):
    """What the enterprise itself may change: its responsible person and phone (四(三)1)."""

    contact_name = serializers.CharField(max_length=50)
    contact_phone = serializers.CharField(max_length=30)
    version = serializers.IntegerField(min_value=1)

    def validate(self, attrs):
        return _require_version(attrs)


class CertificateOutput(serializers.ModelSerializer):
    class Meta:
        model = Certificate
        fields = [
            "id",
            "enterprise",
            "issuing_body",
            "number",
            "issued_on",
            "expires_on",
            "next_audit_on",
            "next_audit_kind",
            "version",
        ]


class CertificateCreateInput(serializers.Serializer):
    enterprise = VisiblePrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    issuing_body = serializers.CharField(max_length=200)
    number = serializers.CharField(max_length=60)
    issued_on = serializers.DateField()
    expires_on = serializers.DateField()
    next_audit_on = serializers.DateField(required=False, allow_null=True, default=None)
    next_audit_kind = serializers.ChoiceField(choices=AuditKind.choices, default=AuditKind.SURVEILLANCE)


class CertificateUpdateInput(serializers.Serializer):
    issuing_body = serializers.CharField(max_length=200)
    number = serializers.CharField(max_length=60)
    issued_on = serializers.DateField()
    expires_on = serializers.DateField()
    next_audit_on = serializers.DateField(required=False, allow_null=True, default=None)
    next_audit_kind = serializers.ChoiceField(choices=AuditKind.choices, default=AuditKind.SURVEILLANCE)
    version = serializers.IntegerField(min_value=1)

    def validate(self, attrs):
        return _require_version(attrs)


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


class EnrolmentTransitionInput(serializers.Serializer):
    to = serializers.ChoiceField(choices=EnrolmentState.choices)
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ScreeningEvidenceOutput(serializers.ModelSerializer):
    class Meta:
        model = ScreeningEvidence
        fields = ["id", "original_name", "uploaded_at"]


class ScreeningOutput(serializers.ModelSerializer):
    evidence = ScreeningEvidenceOutput(many=True, read_only=True)
    checked_by = serializers.CharField(source="checked_by.__str__", read_only=True)

    class Meta:
        model = Screening
        fields = [
            "id",
            "enrolment",
            "normal_operation",
            "resources_committed",
            "willing",
            "on_abnormal_operations_list",
            "dishonesty_listed_on",
            "quality_penalty_on",
            "checked_on",
            "checked_by",
            "notes",
            "passed",
            "failure_reasons",
            "evidence",
            "version",
        ]


class _ScreeningFields(serializers.Serializer):
    normal_operation = serializers.BooleanField()
    resources_committed = serializers.BooleanField()
    willing = serializers.BooleanField()
    on_abnormal_operations_list = serializers.BooleanField()
    dishonesty_listed_on = serializers.DateField(required=False, allow_null=True, default=None)
    quality_penalty_on = serializers.DateField(required=False, allow_null=True, default=None)
    checked_on = serializers.DateField()
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ScreeningCreateInput(_ScreeningFields):
    enrolment = VisiblePrimaryKeyRelatedField(queryset=Enrolment.objects.all())


class ScreeningUpdateInput(_ScreeningFields):
    version = serializers.IntegerField(min_value=1)

    def validate(self, attrs):
        return _require_version(attrs)


class ScreeningEvidenceInput(serializers.Serializer):
    file = serializers.FileField()

    def validate_file(self, upload):
        # By content, size and zip structure, before the service stores anything.
        validate_upload(upload, kinds=DOCUMENTS)
        return upload
