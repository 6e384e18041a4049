"""Visits an expert logs at an enterprise (附件二(二)(三)), with their photos and files."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assistance.models.experts import Expert
from enterprises.models import Enrolment
from portal.files import UploadTo
from portal.scoping import ScopedQuerySet


class VisitKind(models.TextChoices):
    # 附件二(二)(三): what an expert goes to the enterprise for.
    SURVEY = "survey", _("On-site survey and diagnosis")
    SYSTEM_BUILDING = "system_building", _("System building")
    TRAINING = "training", _("Training")
    INTERNAL_AUDIT = "internal_audit", _("Internal audit guidance")
    MANAGEMENT_REVIEW = "management_review", _("Management review guidance")
    FOLLOW_UP = "follow_up", _("Follow-up")


class Visit(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="visits")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    visited_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"))
    ends_at = models.TimeField(_("end time"))
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-starts_at"]
        constraints = [models.CheckConstraint(condition=Q(starts_at__lt=models.F("ends_at")), name="visit_times")]

    def __str__(self):
        return f"{self.enrolment} · {self.visited_on:%Y-%m-%d} {self.get_kind_display()}"


class VisitFile(models.Model):
    """A photo or file taken on a visit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=UploadTo("visit-files"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit file")
        verbose_name_plural = _("visit files")

    def __str__(self):
        return self.original_name
