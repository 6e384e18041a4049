"""Supervision rounds (现场督导, notice 四(二)): the regulator's on-site supervision from June, grouped in rounds."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from portal.scoping import ScopedQuerySet


class RoundState(models.TextChoices):
    OPEN = "open", pgettext_lazy("supervision round", "Open")
    CLOSED = "closed", pgettext_lazy("supervision round", "Closed")


class SupervisionRound(models.Model):
    """A round of on-site supervision (e.g. the June round); closed once every rectification it asked for is."""

    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.PROTECT, related_name="supervision_rounds")
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=RoundState.choices, default=RoundState.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision round")
        verbose_name_plural = _("supervision rounds")
        ordering = ["campaign_id", "-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__lte=models.F("ends_on")),
                name="supervision_round_starts_before_end",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN
