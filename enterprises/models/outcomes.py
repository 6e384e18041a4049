"""The enterprise's outcome figures before and after the campaign (附件二(四) 量化绩效指标)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.models.enrolments import Enrolment
from portal.scoping import ScopedQuerySet

_percent = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
# A loss-making enterprise's profit margin is negative (enterprises.services.outcomes.FIGURE_RANGES).
_margin = [MinValueValidator(Decimal("-1000")), MaxValueValidator(Decimal("100"))]


def _figure(label, *, percent=True, digits=7, validators=None):
    return models.DecimalField(
        label,
        max_digits=digits,
        decimal_places=2,
        null=True,
        blank=True,
        validators=validators or (_percent if percent else [MinValueValidator(Decimal("0"))]),
    )


class OutcomeFigures(models.Model):
    """R10 and the national indicators: the enterprise's figures before (baseline) and after (end) the campaign."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="outcome")
    revenue_baseline = _figure(_("revenue before (10k yuan)"), percent=False, digits=12)
    revenue_end = _figure(_("revenue after (10k yuan)"), percent=False, digits=12)
    profit_margin_baseline = _figure(_("profit margin before (%)"), validators=_margin)
    profit_margin_end = _figure(_("profit margin after (%)"), validators=_margin)
    quality_cost_rate_baseline = _figure(_("quality cost rate before (%)"))
    quality_cost_rate_end = _figure(_("quality cost rate after (%)"))
    pass_rate_baseline = _figure(_("product pass rate before (%)"))
    pass_rate_end = _figure(_("product pass rate after (%)"))
    complaints_baseline = models.PositiveIntegerField(_("customer complaints before"), null=True, blank=True)
    complaints_end = models.PositiveIntegerField(_("customer complaints after"), null=True, blank=True)
    on_time_delivery_baseline = _figure(_("on-time delivery before (%)"))
    on_time_delivery_end = _figure(_("on-time delivery after (%)"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    METRICS = ("revenue", "profit_margin", "quality_cost_rate", "pass_rate", "complaints", "on_time_delivery")

    class Meta:
        verbose_name = _("outcome figures")
        verbose_name_plural = _("outcome figures")

    def __str__(self):
        return str(self.enrolment)

    def changes(self) -> dict[str, Decimal | int | None]:
        """End minus baseline for each metric (None where either is missing)."""
        result = {}
        for metric in self.METRICS:
            before, after = getattr(self, f"{metric}_baseline"), getattr(self, f"{metric}_end")
            result[metric] = None if before is None or after is None else after - before
        return result

    @property
    def is_complete(self) -> bool:
        return all(getattr(self, f"{m}_{w}") is not None for m in self.METRICS for w in ("baseline", "end"))
