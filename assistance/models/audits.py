"""The later certification audit behind the impartiality firewall (R5, 附件一, 附件三)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assistance.models.bodies import CertificationBody
from assistance.models.experts import Expert
from enterprises.models import Enrolment
from portal.scoping import ScopedQuerySet


class AuditResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    CERTIFIED = "certified", _("Certificate granted")
    REFUSED = "refused", _("Not certified")


class CertificationAudit(models.Model):
    """附件一, 附件三: a later certification audit. Nobody who assisted the enterprise may sit on its team or make
    its certification decision (R5, the impartiality firewall)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="certification_audits")
    body = models.ForeignKey(CertificationBody, on_delete=models.PROTECT, related_name="certification_audits")
    team = models.ManyToManyField(Expert, related_name="audit_teams", verbose_name=_("audit team"))
    starts_on = models.DateField(_("audit starts on"))
    ends_on = models.DateField(_("audit ends on"))
    decision_maker = models.ForeignKey(
        Expert,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_decisions",
        verbose_name=_("certification decision maker"),
    )
    result = models.CharField(_("result"), max_length=12, choices=AuditResult.choices, default=AuditResult.PENDING)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certification audit")
        verbose_name_plural = _("certification audits")
        ordering = ["-starts_on"]
        constraints = [models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="audit_dates")]

    def __str__(self):
        return f"{self.enrolment} · {self.starts_on:%Y-%m-%d}"
