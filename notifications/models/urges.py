"""催办: the regulator's recorded reminder, with a note, to a lagging member unit or certification body (五(二)2)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.scoping import ScopedQuerySet


class Urge(models.Model):
    """One 催办: sent by regulator staff to exactly one member unit or certification body, shown on its home page."""

    tenant = models.ForeignKey("campaign.Tenant", on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.PROTECT, related_name="urges")
    member_unit = models.ForeignKey(
        "campaign.MemberUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="urges",
        verbose_name=_("member unit"),
    )
    body = models.ForeignKey(
        "assistance.CertificationBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="urges",
        verbose_name=_("certification body"),
    )
    note = models.TextField(_("note"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    # What the regulator was looking at when it urged (e.g. "中期评估：落后区"), so the receiver knows why.
    context = models.CharField(_("about"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("urge")
        verbose_name_plural = _("urges")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member_unit__isnull=False, body__isnull=True)
                | Q(member_unit__isnull=True, body__isnull=False),
                name="urge_one_receiver",
            )
        ]

    def __str__(self):
        return f"{self.member_unit or self.body} · {self.sent_at:%Y-%m-%d}"

    @property
    def receiver(self):
        return self.member_unit or self.body
