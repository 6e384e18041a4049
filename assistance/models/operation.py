"""Operating the system (R7, 附件二(三)2): the internal audit and the management review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.models import Enrolment
from portal.files import UploadTo
from portal.scoping import ScopedQuerySet


class RecordMode(models.TextChoices):
    CONDUCTED = "conducted", _("Conducted with the expert's guidance")
    # 附件二(三)2(1)(2): an already-certified enterprise that finished it this year; the expert verifies instead.
    VERIFIED = "verified", _("Already done this year; verified by the expert")


class InternalAudit(models.Model):
    """附件二(三)2(1) 内部审核: start and end times, plan and report kept (R7)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="internal_audits")
    mode = models.CharField(_("how"), max_length=10, choices=RecordMode.choices, default=RecordMode.CONDUCTED)
    auditor_training_done = models.BooleanField(_("internal auditors trained"), default=False)
    starts_at = models.DateTimeField(_("started at"))
    ends_at = models.DateTimeField(_("ended at"))
    plan_file = models.FileField(_("internal audit plan"), upload_to=UploadTo("internal-audits"))
    plan_name = models.CharField(max_length=255)
    report_file = models.FileField(_("internal audit report"), upload_to=UploadTo("internal-audits"))
    report_name = models.CharField(max_length=255)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internal audit")
        verbose_name_plural = _("internal audits")
        ordering = ["-starts_at"]
        constraints = [models.CheckConstraint(condition=Q(starts_at__lt=models.F("ends_at")), name="audit_times")]

    def __str__(self):
        return f"{self.enrolment} · {self.starts_at:%Y-%m-%d}"


class ManagementReview(models.Model):
    """附件二(三)2(2) 管理评审: its time, plan and report kept (R7)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="management_reviews")
    mode = models.CharField(_("how"), max_length=10, choices=RecordMode.choices, default=RecordMode.CONDUCTED)
    held_at = models.DateTimeField(_("held at"))
    plan_file = models.FileField(_("management review plan"), upload_to=UploadTo("management-reviews"))
    plan_name = models.CharField(max_length=255)
    report_file = models.FileField(_("management review report"), upload_to=UploadTo("management-reviews"))
    report_name = models.CharField(max_length=255)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-held_at"]

    def __str__(self):
        return f"{self.enrolment} · {self.held_at:%Y-%m-%d}"
