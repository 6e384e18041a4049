"""An expert assigned to one enrolled enterprise (点对点帮扶, 附件一); R2–R4 exceptions with their reason."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assistance.models.experts import Expert
from enterprises.models import Enrolment
from portal.scoping import ScopedQuerySet


class Assignment(models.Model):
    """附件一: an expert assigned to one enrolled enterprise (点对点帮扶). Breaking R2–R4 needs a written reason."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="assignments")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    # The rules this assignment breaks on purpose (e.g. ["R2", "R4"]) and why; shown to the regulator.
    overridden_rules = models.JSONField(_("rules overridden"), default=list, blank=True)
    override_reason = models.TextField(_("reason for the exception"), blank=True)
    # Assigned after the assistance phase ended (three months of operation no longer fit the campaign): why.
    late_reason = models.TextField(_("reason for assigning after the assistance phase"), blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_reason = models.TextField(_("why it ended"), blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"], condition=Q(ended_at__isnull=True), name="assignment_one_active_per_enrolment"
            ),
        ]

    def __str__(self):
        return f"{self.expert} → {self.enrolment}"
