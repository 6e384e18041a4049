"""One serializer per use (STYLE.md §6) for the outputs API. Inputs check shape only; the rules (R10, R11, R13, who may
act, states, versions) live in enterprises.services.outputs."""

from decimal import Decimal

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.reverse import reverse

from accounts.models import Role, User
from assistance.models import CertificationBody
from enterprises.forms.outputs import SUMMARY_KINDS
from enterprises.models import Case, CaseAttachment, CaseReview, Complaint, Enrolment, ImplementationSummary
from enterprises.selectors.outputs import METRICS, change_text
from enterprises.services.outputs import OUTCOME_FIELDS, PERCENT_METRICS
from portal.api import VisiblePrimaryKeyRelatedField
from portal.files import DOCUMENTS, validate_upload

# --- outcome figures ----------------------------------------------------------------------------------------------


class OutcomeFiguresOutput(serializers.Serializer):
    """The figures of one enrolment (all null and version 0 before the first save), with the change computed."""

    enrolment = serializers.IntegerField()
    version = serializers.IntegerField()
    complete = serializers.BooleanField()
    figures = serializers.DictField(child=serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True))
    changes = serializers.DictField(child=serializers.CharField(), help_text="e.g. “+3.2 个百分点” or “−15%”.")
    updated_by = serializers.CharField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)

    @staticmethod
    def build(enrolment, outcome):
        figures = {name: getattr(outcome, name) if outcome else None for name in OUTCOME_FIELDS}
        return {
            "enrolment": enrolment.pk,
            "version": outcome.version if outcome else 0,
            "complete": bool(outcome and outcome.is_complete),
            "figures": figures,
            "changes": {m.key: change_text(m, figures[f"{m.key}_baseline"], figures[f"{m.key}_end"]) for m in METRICS},
            "updated_by": str(outcome.updated_by) if outcome else None,
            "updated_at": outcome.updated_at if outcome else None,
        }


def _figure_field(name: str) -> serializers.Field:
    metric = name.rsplit("_", 1)[0]
    if metric == "complaints":
        return serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=1_000_000)
    maximum = Decimal("100") if metric in PERCENT_METRICS else None
    return serializers.DecimalField(
        required=False,
        allow_null=True,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=maximum,
    )


# Baseline and end of every indicator, each optional; built from the one list of fields the service checks.
OutcomeFiguresUpdateInput = type(
    "OutcomeFiguresUpdateInput",
    (serializers.Serializer,),
    {
        "__module__": __name__,
        "__doc__": "Send the version you read with the figures to change; a figure left out keeps its value.",
        "version": serializers.IntegerField(
            min_value=0, help_text="The version you read (0 before the first save); a change made meanwhile is a 409."
        ),
        **{name: _figure_field(name) for name in OUTCOME_FIELDS},
    },
)


# --- summaries ----------------------------------------------------------------------------------------------------


class SummaryOutput(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.__str__", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ImplementationSummary
        fields = ["id", "enrolment", "original_name", "uploaded_by", "uploaded_at", "version", "download_url"]

    def get_download_url(self, summary) -> str:
        return reverse("api:summary-download", args=[summary.pk], request=self.context.get("request"))


class SummaryUploadInput(serializers.Serializer):
    """Upload (or replace) the summary of a visible enrolment."""

    enrolment = VisiblePrimaryKeyRelatedField(queryset=Enrolment.objects.all())
    file = serializers.FileField()

    def validate_file(self, upload):
        validate_upload(upload, kinds=SUMMARY_KINDS)
        return upload


# --- cases --------------------------------------------------------------------------------------------------------


class CaseAttachmentOutput(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = CaseAttachment
        fields = ["id", "case", "original_name", "uploaded_at", "download_url"]

    def get_download_url(self, attachment) -> str:
        return reverse("api:case-attachment-download", args=[attachment.pk], request=self.context.get("request"))


class CaseListOutput(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="enrolment.enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="enrolment.enterprise.name", read_only=True)
    district = serializers.IntegerField(source="enrolment.enterprise.district_id", read_only=True)
    year = serializers.IntegerField(source="enrolment.campaign.year", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "enrolment",
            "enterprise",
            "enterprise_name",
            "district",
            "year",
            "title",
            "state",
            "state_label",
            "submitted_at",
            "recommended_at",
            "decided_at",
            "version",
        ]


class CaseDetailOutput(CaseListOutput):
    attachments = CaseAttachmentOutput(many=True, read_only=True)

    class Meta(CaseListOutput.Meta):
        fields = [*CaseListOutput.Meta.fields, "body", "attachments"]


class CaseCreateInput(serializers.Serializer):
    enrolment = VisiblePrimaryKeyRelatedField(queryset=Enrolment.objects.all())
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=50_000)


class CaseUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    body = serializers.CharField(max_length=50_000, required=False)
    version = serializers.IntegerField(min_value=1)


class CaseAttachmentInput(serializers.Serializer):
    file = serializers.FileField()

    def validate_file(self, upload):
        validate_upload(upload, kinds=DOCUMENTS)
        return upload


class CaseDecideInput(serializers.Serializer):
    selected = serializers.BooleanField()


# --- case reviews -------------------------------------------------------------------------------------------------


class _ReviewerField(VisiblePrimaryKeyRelatedField):
    def get_queryset(self):
        return super().get_queryset().filter(is_active=True, membership__role=Role.REVIEWER)


class CaseReviewOutput(serializers.ModelSerializer):
    reviewer_name = serializers.CharField(source="reviewer.__str__", read_only=True)
    case_title = serializers.CharField(source="case.title", read_only=True)

    class Meta:
        model = CaseReview
        fields = [
            "id",
            "case",
            "case_title",
            "reviewer",
            "reviewer_name",
            "assigned_at",
            "score",
            "comment",
            "scored_at",
        ]


class CaseReviewAssignInput(serializers.Serializer):
    case = VisiblePrimaryKeyRelatedField(queryset=Case.objects.all())
    reviewer = _ReviewerField(queryset=User.objects.all())


class CaseScoreInput(serializers.Serializer):
    score = serializers.IntegerField(min_value=0, max_value=100)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5_000)


# --- complaints ---------------------------------------------------------------------------------------------------


class ComplaintOutput(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "body",
            "body_name",
            "subject",
            "text",
            "state",
            "state_label",
            "submitted_at",
            "regulator_note",
            "body_response",
        ]


class ComplaintCreateInput(serializers.Serializer):
    """The enterprise is the caller's own (from the membership), never taken from the body."""

    body = VisiblePrimaryKeyRelatedField(queryset=CertificationBody.objects.all())
    subject = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=20_000)


class ComplaintRespondInput(serializers.Serializer):
    response = serializers.CharField(max_length=20_000)
    expected_response = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="The response you read; if a colleague changed it since, the update is refused (409).",
    )


class ComplaintCloseInput(serializers.Serializer):
    note = serializers.CharField(max_length=5_000)

    def validate_note(self, note):
        if len(note.strip()) < 2:
            raise serializers.ValidationError(_("Write how the complaint was handled."))
        return note
