"""Assistance experts (帮扶专家) of a certification body: specialties (R3) and home district (R4), 附件一."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assistance.models.bodies import CertificationBody
from portal.scoping import ScopedQuerySet


class Expert(models.Model):
    """An assistance expert (帮扶专家): a user of a certification body."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile")
    body = models.ForeignKey(CertificationBody, on_delete=models.PROTECT, related_name="experts")
    # 附件一: 专业对口 — the clusters (enterprises.Cluster values) the expert is qualified for (R3).
    specialties = models.JSONField(_("specialties"), default=list, blank=True)
    # 附件一: 尽量不跨地区开展工作 (R4).
    home_district = models.ForeignKey(
        "campaign.MemberUnit", on_delete=models.PROTECT, related_name="experts", verbose_name=_("home district")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["body_id", "user__username"]

    def __str__(self):
        return str(self.user)
