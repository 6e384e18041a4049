"""The 一企一策 plan (附件二(三))."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.models import Enrolment
from portal.scoping import ScopedQuerySet


class Plan(models.Model):
    """附件二(三): 一企一策 — the enterprise's own improvement plan, derived from its diagnosis."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="plan")
    key_issues = models.TextField(_("key issues to solve"))
    approach = models.TextField(_("how the system will be built"))
    milestones = models.TextField(_("milestones"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self):
        return str(self.enrolment)
