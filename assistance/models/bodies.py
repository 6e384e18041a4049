"""Certification bodies (认证机构), the organisations whose experts assist (附件一)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.scoping import ScopedQuerySet


class CertificationBody(models.Model):
    tenant = models.ForeignKey("campaign.Tenant", on_delete=models.PROTECT, related_name="certification_bodies")
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="certification_body"
    )
    name = models.CharField(_("name"), max_length=200)
    approval_number = models.CharField(_("CNCA approval number"), max_length=40)
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certification body")
        verbose_name_plural = _("certification bodies")
        ordering = ["tenant_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "approval_number"], name="body_unique_approval_number"),
        ]

    def __str__(self):
        return self.name
