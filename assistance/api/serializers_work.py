"""One serializer per use for the expert's work endpoints (STYLE.md §6): outputs say what a caller reads, inputs
check only the shape of what it sends. Business rules live in assistance.services."""

from datetime import date

from django.http import Http404
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from assistance.models import (
    Diagnosis,
    DocumentLevel,
    InternalAudit,
    ManagementReview,
    Plan,
    Problem,
    ProblemStatus,
    RecordMode,
    SystemDocument,
    TierLevel,
    Training,
    TrainingKind,
    Urgency,
    Visit,
    VisitKind,
)
from assistance.services.training import MAX_PERSON_TIMES
from campaign.models import Campaign, MemberUnit
from enterprises.models import Enrolment, Enterprise
from portal.api import VisiblePrimaryKeyRelatedField
from portal.files import validate_upload


class VisibleOr404Field(VisiblePrimaryKeyRelatedField):
    """A visible id, where a foreign or missing one is a 404 (like one in the URL) rather than a 400."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if "does_not_exist" in exc.get_codes():
                raise Http404 from None
            raise


class CheckedFileField(serializers.FileField):
    """Checked by content and size here, before the service writes anything."""

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        validate_upload(upload)
        return upload


def _url(name, pk, request, *extra):
    return reverse(name, args=[pk, *extra], request=request)


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version you read; if the record has changed since, the change is refused (409)."
    )


# --- visits ---------------------------------------------------------------------------------------------------------


class VisitFileOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    url = serializers.SerializerMethodField()

    def get_url(self, row) -> str:
        return _url("api:visit-file-download", row.pk, self.context.get("request"))


class VisitOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    expert_name = serializers.CharField(source="expert.__str__", read_only=True)
    files = VisitFileOutput(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "enrolment",
            "expert",
            "expert_name",
            "kind",
            "kind_label",
            "visited_on",
            "starts_at",
            "ends_at",
            "participants",
            "notes",
            "files",
            "created_at",
        ]


class VisitCreateInput(serializers.Serializer):
    enrolment = VisibleOr404Field(queryset=Enrolment.objects.all())
    kind = serializers.ChoiceField(choices=VisitKind.choices)
    visited_on = serializers.DateField()
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()
    participants = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    files = serializers.ListField(child=CheckedFileField(), required=False, max_length=10, default=list)


class VisitFileAddInput(serializers.Serializer):
    file = CheckedFileField()


# --- diagnosis and problems -----------------------------------------------------------------------------------------


class DiagnosisOutput(serializers.ModelSerializer):
    diagnosed_by = serializers.CharField(source="diagnosed_by.__str__", read_only=True)

    class Meta:
        model = Diagnosis
        fields = [
            "id",
            "enrolment",
            "diagnosed_on",
            "legal_qualifications_ok",
            "dishonesty_list_checked",
            "no_quality_penalty",
            "overall_state",
            "starting_point",
            "resource_limits",
            "policy_changes",
            "diagnosed_by",
            "version",
        ]


class _DiagnosisFields(serializers.Serializer):
    diagnosed_on = serializers.DateField()
    legal_qualifications_ok = serializers.BooleanField()
    dishonesty_list_checked = serializers.BooleanField()
    no_quality_penalty = serializers.BooleanField()
    overall_state = serializers.CharField(max_length=5000)
    starting_point = serializers.CharField(max_length=5000)
    resource_limits = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    policy_changes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class DiagnosisCreateInput(_DiagnosisFields):
    enrolment = VisibleOr404Field(queryset=Enrolment.objects.all())


class DiagnosisUpdateInput(_DiagnosisFields, VersionInput):
    pass


class ProblemOutput(serializers.ModelSerializer):
    enrolment = serializers.IntegerField(source="diagnosis.enrolment_id", read_only=True)
    urgency_label = serializers.CharField(source="get_urgency_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Problem
        fields = [
            "id",
            "diagnosis",
            "enrolment",
            "category",
            "description",
            "urgency",
            "urgency_label",
            "enterprise_ideas",
            "measures",
            "owner",
            "due_on",
            "status",
            "status_label",
            "version",
        ]


class _ProblemFields(serializers.Serializer):
    category = serializers.CharField(max_length=60)
    description = serializers.CharField(max_length=5000)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.MEDIUM)
    enterprise_ideas = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    measures = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    owner = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class ProblemCreateInput(_ProblemFields):
    diagnosis = VisibleOr404Field(queryset=Diagnosis.objects.all())


class ProblemUpdateInput(_ProblemFields, VersionInput):
    pass


class ProblemStatusInput(VersionInput):
    to = serializers.ChoiceField(choices=ProblemStatus.choices)


# --- plan and documents ---------------------------------------------------------------------------------------------


class PlanOutput(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "enrolment", "key_issues", "approach", "milestones", "updated_at", "version"]


class _PlanFields(serializers.Serializer):
    key_issues = serializers.CharField(max_length=10000)
    approach = serializers.CharField(max_length=10000)
    milestones = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")


class PlanCreateInput(_PlanFields):
    enrolment = VisibleOr404Field(queryset=Enrolment.objects.all())


class PlanUpdateInput(_PlanFields, VersionInput):
    pass


class SystemDocumentOutput(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = SystemDocument
        fields = [
            "id",
            "enrolment",
            "level",
            "level_label",
            "title",
            "revision",
            "original_name",
            "file_url",
            "uploaded_at",
        ]

    def get_file_url(self, row) -> str:
        return _url("api:system-document-file", row.pk, self.context.get("request"))


class SystemDocumentCreateInput(serializers.Serializer):
    enrolment = VisibleOr404Field(queryset=Enrolment.objects.all())
    level = serializers.ChoiceField(choices=DocumentLevel.choices)
    title = serializers.CharField(max_length=200)
    revision = serializers.CharField(max_length=20, default="A/0")
    file = CheckedFileField()


# --- operation (R7) -------------------------------------------------------------------------------------------------


class OperationOutput(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    review_possible_from = serializers.SerializerMethodField(
        help_text="R7: the first day the system has run three calendar months."
    )
    has_internal_audit = serializers.BooleanField(read_only=True)
    has_management_review = serializers.BooleanField(read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "enterprise_name",
            "state",
            "state_label",
            "operation_started_on",
            "review_possible_from",
            "has_internal_audit",
            "has_management_review",
            "version",
        ]

    def get_review_possible_from(self, enrolment) -> date | None:
        from assistance.services.operation import review_possible_from

        return review_possible_from(enrolment)


class OperationStartInput(VersionInput):
    operation_started_on = serializers.DateField()


class InternalAuditOutput(serializers.ModelSerializer):
    mode_label = serializers.CharField(source="get_mode_display", read_only=True)
    plan_url = serializers.SerializerMethodField()
    report_url = serializers.SerializerMethodField()

    class Meta:
        model = InternalAudit
        fields = [
            "id",
            "enrolment",
            "mode",
            "mode_label",
            "auditor_training_done",
            "starts_at",
            "ends_at",
            "plan_name",
            "plan_url",
            "report_name",
            "report_url",
            "recorded_at",
        ]

    def get_plan_url(self, row) -> str:
        return _url("api:internal-audit-plan", row.pk, self.context.get("request"))

    def get_report_url(self, row) -> str:
        return _url("api:internal-audit-report", row.pk, self.context.get("request"))


class InternalAuditCreateInput(serializers.Serializer):
    enrolment = VisibleOr404Field(queryset=Enrolment.objects.all())
    mode = serializers.ChoiceField(choices=RecordMode.choices, default=RecordMode.CONDUCTED)
    auditor_training_done = serializers.BooleanField(default=False)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    plan_file = CheckedFileField()
    report_file = CheckedFileField()


class ManagementReviewOutput(serializers.ModelSerializer):
    mode_label = serializers.CharField(source="get_mode_display", read_only=True)
    plan_url = serializers.SerializerMethodField()
    report_url = serializers.SerializerMethodField()

    class Meta:
        model = ManagementReview
        fields = [
            "id",
            "enrolment",
            "mode",
            "mode_label",
            "held_at",
            "plan_name",
            "plan_url",
            "report_name",
            "report_url",
            "recorded_at",
        ]

    def get_plan_url(self, row) -> str:
        return _url("api:management-review-plan", row.pk, self.context.get("request"))

    def get_report_url(self, row) -> str:
        return _url("api:management-review-report", row.pk, self.context.get("request"))


class ManagementReviewCreateInput(serializers.Serializer):
    enrolment = VisibleOr404Field(queryset=Enrolment.objects.all())
    mode = serializers.ChoiceField(choices=RecordMode.choices, default=RecordMode.CONDUCTED)
    held_at = serializers.DateTimeField()
    plan_file = CheckedFileField()
    report_file = CheckedFileField()


# --- trainings (R8) -------------------------------------------------------------------------------------------------


class TrainingOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True)
    organiser_name = serializers.CharField(source="organiser.name", read_only=True)
    enterprises = serializers.SerializerMethodField(help_text="Attending enterprises the caller may see.")
    materials_url = serializers.SerializerMethodField()

    class Meta:
        model = Training
        fields = [
            "id",
            "campaign",
            "kind",
            "kind_label",
            "tier",
            "district",
            "district_name",
            "organiser",
            "organiser_name",
            "held_on",
            "topic",
            "enterprises",
            "person_times",
            "materials_name",
            "materials_url",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_enterprises(self, row):
        return [enterprise.pk for enterprise in row.visible_enterprises]

    def get_materials_url(self, row) -> str | None:
        if not row.materials:
            return None
        return _url("api:training-materials", row.pk, self.context.get("request"))


class TrainingCreateInput(serializers.Serializer):
    campaign = VisibleOr404Field(queryset=Campaign.objects.all())
    kind = serializers.ChoiceField(choices=TrainingKind.choices)
    tier = serializers.ChoiceField(choices=TierLevel.choices, required=False, allow_blank=True, default="")
    district = VisibleOr404Field(queryset=MemberUnit.objects.all(), required=False, allow_null=True, default=None)
    held_on = serializers.DateField()
    topic = serializers.CharField(max_length=200)
    enterprises = VisibleOr404Field(queryset=Enterprise.objects.all(), many=True, required=False, default=list)
    # Bounded here so a typo is a 400, not an overflow; "at least one" is the service's rule, with its message.
    person_times = serializers.IntegerField(max_value=MAX_PERSON_TIMES, min_value=-MAX_PERSON_TIMES)
    materials = CheckedFileField(required=False, allow_null=True, default=None)


class TrainingComplianceOutput(serializers.Serializer):
    district = serializers.IntegerField(source="district.pk")
    district_name = serializers.CharField(source="district.name")
    centralised = serializers.SerializerMethodField()
    industry = serializers.SerializerMethodField()
    total = serializers.IntegerField()
    person_times = serializers.IntegerField()
    is_compliant = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField(), help_text="The R8 kinds not held yet.")

    def get_centralised(self, row) -> int:
        return row.count(TrainingKind.CENTRALISED)

    def get_industry(self, row) -> int:
        return row.count(TrainingKind.INDUSTRY)
