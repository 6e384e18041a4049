"""The documented system (附件二(三): 管理手册、程序文件、工艺技术规程)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.models import Enrolment
from portal.files import UploadTo
from portal.scoping import ScopedQuerySet


class DocumentLevel(models.TextChoices):
    # 附件二(三): 顶层制度(管理手册)、次层制度(程序文件)、工艺技术规程.
    MANUAL = "manual", _("Quality manual")
    PROCEDURE = "procedure", _("Procedure")
    WORK_INSTRUCTION = "work_instruction", _("Work instruction")


class SystemDocument(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="system_documents")
    level = models.CharField(_("level"), max_length=20, choices=DocumentLevel.choices)
    title = models.CharField(_("title"), max_length=200)
    revision = models.CharField(_("revision"), max_length=20, default="A/0")
    file = models.FileField(_("file"), upload_to=UploadTo("system-documents"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("system document")
        verbose_name_plural = _("system documents")
        ordering = ["enrolment_id", "level", "title", "-uploaded_at"]

    def __str__(self):
        return f"{self.title} ({self.revision})"
