"""The eligibility screening of an enrolment and its evidence (R1; 三、参与企业范围, 附件二(二))."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.models.enrolments import Enrolment
from portal.files import UploadTo
from portal.scoping import ScopedQuerySet


class Screening(models.Model):
    """R1 (三、参与企业范围; 附件二(二)): the eligibility check of one enrolment, with who checked and the evidence."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="screening")
    normal_operation = models.BooleanField(_("in normal production and operation"))
    resources_committed = models.BooleanField(_("can commit the necessary resources"))
    willing = models.BooleanField(_("strong wish to improve quality management"))
    on_abnormal_operations_list = models.BooleanField(_("on the list of abnormal operations (经营异常名录)"))
    # The last date the enterprise was put on 严重违法失信企业名单 / penalised or exposed for quality, if ever;
    # R1 looks back two years from the screening date.
    dishonesty_listed_on = models.DateField(_("last listed as seriously dishonest"), null=True, blank=True)
    quality_penalty_on = models.DateField(_("last quality penalty or public exposure"), null=True, blank=True)
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked by")
    )
    notes = models.TextField(_("notes"), blank=True)
    passed = models.BooleanField(_("eligible"), editable=False, default=False)
    failure_reasons = models.JSONField(_("reasons"), default=list, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self):
        return str(self.enrolment)


class ScreeningEvidence(models.Model):
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=UploadTo("screening-evidence"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening evidence")
        verbose_name_plural = _("screening evidence")
        ordering = ["screening_id", "uploaded_at"]

    def __str__(self):
        return self.original_name
