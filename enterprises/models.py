"""Enterprises taking part in the campaign. The foundation keeps the identity fields the demo data and the
scoping door need; enrolment, screening and the enterprise's own records grow here (issue: Enterprises)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Role
from campaign.models import Remit
from portal.scoping import ScopedQuerySet


class Cluster(models.TextChoices):
    # 二、工作重点 3 and 附件二(一): the city's seven traditional product clusters.
    AUTO_PARTS = "auto_parts", _("Automobiles and parts")
    BICYCLES = "bicycles", _("Bicycles")
    CARPETS = "carpets", _("Carpets")
    HARDWARE = "hardware", _("Hardware products")
    SILK_FLOWERS = "silk_flowers", _("Silk flowers")
    MUSICAL_INSTRUMENTS = "musical_instruments", _("Musical instruments")
    MEDICAL_DEVICES = "medical_devices", _("Medical devices")
    OTHER = "other", _("Other")


class EnterpriseQuerySet(ScopedQuerySet):
    def scope_filter(self, scope):
        if scope.role == Role.REGULATOR:
            return Q(tenant_id=scope.tenant_id)
        if scope.role == Role.MEMBER_UNIT:
            if scope.member_unit_is_district:
                return Q(district_id=scope.member_unit_id)
            if scope.member_unit_remit == Remit.FOREIGN_TRADE:
                return Q(tenant_id=scope.tenant_id, is_foreign_trade=True)
            if scope.member_unit_remit == Remit.SPECIALISED:
                return Q(tenant_id=scope.tenant_id, is_specialised=True)
            return None
        if scope.role == Role.ENTERPRISE:
            return Q(pk=scope.enterprise_id)
        # Certification bodies and experts see the enterprises assigned to them once assignments exist.
        return None


class Enterprise(models.Model):
    tenant = models.ForeignKey("campaign.Tenant", on_delete=models.PROTECT, related_name="enterprises")
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="enterprise"
    )
    name = models.CharField(_("name"), max_length=200)
    # GB 32100-2015 统一社会信用代码, 18 characters with a check character.
    credit_code = models.CharField(_("unified social credit code"), max_length=18)
    district = models.ForeignKey(
        "campaign.MemberUnit",
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("district"),
    )
    cluster = models.CharField(_("industry cluster"), max_length=24, choices=Cluster.choices, default=Cluster.OTHER)
    is_foreign_trade = models.BooleanField(_("foreign-trade enterprise"), default=False)
    is_specialised = models.BooleanField(_("specialised and innovative (专精特新)"), default=False)

    objects = EnterpriseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["tenant_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "credit_code"], name="enterprise_unique_credit_code"),
        ]

    def __str__(self):
        return self.name
