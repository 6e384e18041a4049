"""The enterprise's 《企业实施情况及成效总结》 (四(三), 附件二(四))."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.models.enrolments import Enrolment
from portal.files import UploadTo
from portal.scoping import ScopedQuerySet


class ImplementationSummary(models.Model):
    """四(三), 附件二(四): the enterprise's 《企业实施情况及成效总结》, one per enrolment (a new upload replaces it)."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="summary")
    file = models.FileField(_("file"), upload_to=UploadTo("summaries"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("implementation summary")
        verbose_name_plural = _("implementation summaries")

    def __str__(self):
        return self.original_name
