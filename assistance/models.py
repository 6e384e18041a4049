"""Certification bodies and their assistance experts. The foundation keeps who they are; working groups,
assignments, visits and the rest grow here (issue: Assistance)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Role
from portal.scoping import ScopedQuerySet


class CertificationBodyQuerySet(ScopedQuerySet):
    def scope_filter(self, scope):
        if scope.role in (Role.REGULATOR, Role.MEMBER_UNIT):
            # Approved bodies are public; districts coordinate with every body working in the city.
            return Q(tenant_id=scope.tenant_id)
        if scope.role in (Role.CB_MANAGER, Role.EXPERT):
            return Q(pk=scope.certification_body_id)
        return None


class CertificationBody(models.Model):
    tenant = models.ForeignKey("campaign.Tenant", on_delete=models.PROTECT, related_name="certification_bodies")
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="certification_body"
    )
    name = models.CharField(_("name"), max_length=200)
    approval_number = models.CharField(_("CNCA approval number"), max_length=40)
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    objects = CertificationBodyQuerySet.as_manager()
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


class ExpertQuerySet(ScopedQuerySet):
    def scope_filter(self, scope):
        if scope.role == Role.REGULATOR:
            return Q(body__tenant_id=scope.tenant_id)
        if scope.role == Role.CB_MANAGER:
            return Q(body_id=scope.certification_body_id)
        if scope.role == Role.EXPERT:
            return Q(pk=scope.expert_id)
        return None


class Expert(models.Model):
    """An assistance expert (帮扶专家): a user of a certification body."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile")
    body = models.ForeignKey(CertificationBody, on_delete=models.PROTECT, related_name="experts")
    # 附件一: 专业对口 — the clusters (enterprises.Cluster values) the expert is qualified for.
    specialties = models.JSONField(_("specialties"), default=list, blank=True)
    home_district = models.ForeignKey(
        "campaign.MemberUnit",
        on_delete=models.PROTECT,
        related_name="experts",
        verbose_name=_("home district"),
    )

    objects = ExpertQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["body_id", "user__username"]

    def __str__(self):
        return str(self.user)
