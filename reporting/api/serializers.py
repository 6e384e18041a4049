"""Serializers of the reports API: one per use (DESIGN.md §8, STYLE.md §6)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaign.models import Campaign
from portal.api import VisiblePrimaryKeyRelatedField
from reporting.kinds import SCOPES, kinds
from reporting.models import ReportJob


class ReportJobCreateInput(serializers.Serializer):
    """Ask for a report: its kind, the campaign, and the scope with the id of its district, certification body,
    supervision round or enrolment (none for ``city``)."""

    kind = serializers.CharField(max_length=40, help_text=_("A report kind key (see the list of reports)."))
    campaign = VisiblePrimaryKeyRelatedField(queryset=Campaign.objects.all())
    scope = serializers.ChoiceField(choices=SCOPES, default="city")
    scope_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)

    def validate_kind(self, value: str) -> str:
        if value not in kinds():
            raise serializers.ValidationError(_("There is no such kind of report."))
        return value

    def validate(self, attrs):
        if attrs["scope"] != "city" and not attrs.get("scope_id"):
            raise serializers.ValidationError({"scope_id": _("Say which one the report is for.")})
        return attrs


class ReportJobOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    scope = serializers.CharField(read_only=True)
    scope_id = serializers.SerializerMethodField()
    scope_name = serializers.CharField(read_only=True)
    percent = serializers.IntegerField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "kind",
            "kind_label",
            "campaign",
            "scope",
            "scope_id",
            "scope_name",
            "status",
            "progress",
            "total",
            "percent",
            "attempts",
            "max_attempts",
            "next_attempt_at",
            "errors",
            "checksum",
            "size",
            "scheduled",
            "created_at",
            "started_at",
            "finished_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_scope_id(self, job: ReportJob) -> int | None:
        return job.district_id or job.body_id or job.round_id or job.enrolment_id

    @extend_schema_field(OpenApiTypes.STR)
    def get_download_url(self, job: ReportJob) -> str | None:
        if job.status != "done":
            return None
        return reverse("api:report-download", args=[job.pk])


class ReportJobCreateOutput(ReportJobOutput):
    """The job asked for; ``created`` is false when the same report was already queued or running (that one)."""

    created = serializers.BooleanField(read_only=True)

    class Meta(ReportJobOutput.Meta):
        fields = [*ReportJobOutput.Meta.fields, "created"]
        read_only_fields = fields
