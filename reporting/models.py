"""A report job (DESIGN.md §7): one PDF, Word draft or Excel workbook of one kind (``reporting.kinds``) for one scope
of one campaign. The row is the truth, not the broker's message: ``reporting.services.report_run`` claims it with a
conditional update, renders to a temporary file and moves the file into place (``portal.jobs.job_store_file``), so a
second delivery does nothing and no partial file is ever served.
"""

from __future__ import annotations

from itertools import combinations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.files import UploadTo
from portal.jobs import Job, JobStatus
from portal.scoping import ScopedQuerySet

# The optional scope columns; at most one is set (none: the whole city).
SCOPE_FIELDS = ("district", "body", "round", "enrolment")
ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)
MAX_ATTEMPTS = 3


def _at_most_one_scope() -> Q:
    """No two of SCOPE_FIELDS set at once."""
    condition = Q()
    for first, second in combinations(SCOPE_FIELDS, 2):
        condition &= Q(**{f"{first}__isnull": True}) | Q(**{f"{second}__isnull": True})
    return condition


class ReportJob(Job):
    """A report of ``kind`` for ``campaign`` and at most one of ``district`` / ``body`` / ``round`` / ``enrolment``.

    ``scope_key`` (kind, campaign and scope ids) is unique among queued and running jobs: asking twice for the same
    report while one is under way gives that one. ``attempts`` counts runs started (claims); a transient failure
    (disk full, storage, database connection) puts the job back in the queue until ``next_attempt_at``, and after
    ``max_attempts`` it fails with the reason in ``errors``. ``snapshot`` is the data the file was rendered from (a
    summary for streamed Excel lists, see ``reporting.exports``); ``checksum`` the file's SHA-256, ``size`` its bytes.
    ``created_by`` is None and ``scheduled`` True for a report beat made on the campaign's calendar."""

    kind = models.CharField(_("kind of report"), max_length=40)
    status = models.CharField(_("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.PROTECT, related_name="report_jobs")
    district = models.ForeignKey(
        "campaign.MemberUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="report_jobs"
    )
    body = models.ForeignKey(
        "assistance.CertificationBody", on_delete=models.PROTECT, null=True, blank=True, related_name="report_jobs"
    )
    round = models.ForeignKey(
        "supervision.SupervisionRound", on_delete=models.PROTECT, null=True, blank=True, related_name="report_jobs"
    )
    enrolment = models.ForeignKey(
        "enterprises.Enrolment", on_delete=models.PROTECT, null=True, blank=True, related_name="report_jobs"
    )
    scope_key = models.CharField(max_length=120, editable=False)
    # Overrides Job.created_by: a report scheduled by beat has nobody who asked for it.
    created_by = models.ForeignKey(  # type: ignore[assignment]  # nullable here, required in Job
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scheduled = models.BooleanField(_("scheduled"), default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), default=MAX_ATTEMPTS)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=UploadTo("reports"), blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    snapshot = models.JSONField(default=dict, editable=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=_at_most_one_scope(), name="reportjob_at_most_one_scope"),
            models.UniqueConstraint(
                fields=["scope_key"],
                condition=Q(status__in=[str(status) for status in ACTIVE_STATUSES]),
                name="reportjob_one_active_per_scope",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="reportjob_due")]

    def __str__(self):
        return f"{self.kind_label} {self.scope_name}"

    @property
    def kind_label(self) -> str:
        from reporting.kinds import kinds

        found = kinds().get(self.kind)
        return str(found.label) if found else self.kind

    @property
    def scope_label(self) -> str:
        """Which kind of scope, in the user's words."""
        from reporting.policy import SCOPE_LABELS

        return str(SCOPE_LABELS[self.scope])

    @property
    def scope(self) -> str:
        """One of reporting.kinds.SCOPES."""
        for name, field in (("district", "district_id"), ("body", "body_id"), ("round", "round_id")):
            if getattr(self, field) is not None:
                return name
        return "enterprise" if self.enrolment_id is not None else "city"

    @property
    def scope_name(self) -> str:
        """The district, body, round or enterprise by name; the campaign's tenant for the city."""
        if self.district is not None:
            return self.district.name
        if self.body is not None:
            return self.body.name
        if self.round is not None:
            return self.round.title
        if self.enrolment is not None:
            return self.enrolment.enterprise.name
        return self.campaign.tenant.name

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(100, round(100 * self.progress / self.total)) if self.total else 0

    @property
    def download_name(self) -> str:
        """The file name offered to the user: 数据汇总-滨海新区-2023.xlsx (Chinese, sent per RFC 5987)."""
        from reporting.kinds import kinds

        found = kinds().get(self.kind)
        extension = found.extension if found else "bin"
        stem = "-".join(part for part in (self.kind_label, self.scope_name, str(self.campaign.year)) if part)
        return f"{stem.replace('/', '-')}.{extension}"
