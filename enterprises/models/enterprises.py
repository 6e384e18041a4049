"""The enterprise record and the ISO 9001 certificates it already holds (附件二: 已获证企业, R12)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.codes import credit_code_validator
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


class SizeClass(models.TextChoices):
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")


class Enterprise(models.Model):
    tenant = models.ForeignKey("campaign.Tenant", on_delete=models.PROTECT, related_name="enterprises")
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="enterprise"
    )
    name = models.CharField(_("name"), max_length=200)
    # GB 32100-2015 统一社会信用代码, 18 characters with a check character (enterprises.codes.validate_credit_code).
    credit_code = models.CharField(_("unified social credit code"), max_length=18, validators=[credit_code_validator])
    district = models.ForeignKey(
        "campaign.MemberUnit", on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("district")
    )
    # A copy of district.sort_order, so that the lists' order (district, name) is an index scan of the tenant's rows
    # (enterprise_tenant_list_order) instead of a sort of them joined to their districts. No default: whatever
    # writes an enterprise sets it from the district (enterprises.services.enterprises.district_sort_orders), and a
    # district's new sort_order is copied onto its enterprises (enterprise_district_order_follow).
    district_sort_order = models.PositiveSmallIntegerField(editable=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    cluster = models.CharField(_("industry cluster"), max_length=24, choices=Cluster.choices, default=Cluster.OTHER)
    size_class = models.CharField(_("size"), max_length=8, choices=SizeClass.choices, default=SizeClass.SMALL)
    employees = models.PositiveIntegerField(
        _("employees"), null=True, blank=True, validators=[MaxValueValidator(10_000)]
    )
    annual_revenue = models.DecimalField(
        _("annual revenue (10k yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # 四(三)1: 指定专人具体负责.
    contact_name = models.CharField(_("designated responsible person"), max_length=50, blank=True)
    # E.164 with the extension after ";ext=" (enterprises.codes.normalise_phone): +862227181234;ext=8001.
    contact_phone = models.CharField(_("phone of the responsible person"), max_length=32, blank=True)
    is_foreign_trade = models.BooleanField(_("foreign-trade enterprise"), default=False)  # 五(二)3
    is_specialised = models.BooleanField(_("specialised and innovative (专精特新)"), default=False)  # 五(二)5
    is_three_same = models.BooleanField(_("same line, same standard, same quality (三同)"), default=False)  # 二、3
    took_part_before = models.BooleanField(_("took part in an earlier campaign"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    # The copy is no part of the record: its history shows the district, and a district's reordering (one UPDATE of
    # its enterprises) writes no history rows.
    history = HistoricalRecords(excluded_fields=["district_sort_order"])

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["tenant_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "credit_code"], name="enterprise_unique_credit_code"),
        ]
        indexes = [
            # The enterprise list's page: a tenant's rows in the lists' order (enterprises.selectors.enterprises).
            models.Index(fields=["tenant", "district_sort_order", "name", "id"], name="enterprise_tenant_list_order"),
        ]

    def __str__(self):
        return self.name


class AuditKind(models.TextChoices):
    SURVEILLANCE = "surveillance", _("Surveillance audit")
    RECERTIFICATION = "recertification", _("Recertification audit")


class Certificate(models.Model):
    """An ISO 9001 certificate the enterprise already holds (附件二: 已获证企业 — R12)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="certificates")
    issuing_body = models.CharField(_("certification body"), max_length=200)
    number = models.CharField(_("certificate number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    next_audit_on = models.DateField(_("next surveillance or recertification"), null=True, blank=True)
    next_audit_kind = models.CharField(
        _("next audit"), max_length=20, choices=AuditKind.choices, default=AuditKind.SURVEILLANCE
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["enterprise_id", "-issued_on"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "number"], name="certificate_unique_number"),
            models.CheckConstraint(condition=Q(issued_on__lt=models.F("expires_on")), name="certificate_dates"),
        ]

    def __str__(self):
        return self.number
