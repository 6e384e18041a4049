"""The regulator's assessment of a certification body for one campaign, and the body's one answer (五(二)1–2).

The scorecard itself is not stored: it is computed from the portal's data (``evaluation.selectors.scorecards``),
so it always says what the data says. What is stored is the regulator's judgement on it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.scoping import ScopedQuerySet


class BodyRating(models.TextChoices):
    # 五(二)1: 表现突出并被评为提升行动优秀的认证机构 → reduced 现场见证检查 and 双随机 sampling the next year.
    EXCELLENT = "excellent", _("Excellent")
    SATISFACTORY = "satisfactory", _("Satisfactory")
    # 五(二)2: 效果不好、收到企业投诉或给企业带来不利影响的认证机构 → 通报批评.
    CRITICISED = "criticised", _("Criticised (public criticism)")
    # 五(二)2: 弄虚作假的认证机构 → 依法严肃处理.
    REFERRED = "referred", _("Referred for falsification (dealt with strictly according to law)")


class CriticismReason(models.TextChoices):
    """五(二)2: the three grounds for a public criticism."""

    POOR_RESULTS = "poor_results", _("Poor results of the campaign")
    COMPLAINTS = "complaints", _("Complaints from enterprises")
    ADVERSE_EFFECTS = "adverse_effects", _("Adverse effects on enterprises")


class BodyAssessment(models.Model):
    """五(二)1–2: the regulator's rating of one certification body in one campaign (one row per body and campaign)."""

    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.PROTECT, related_name="body_assessments")
    body = models.ForeignKey(
        "assistance.CertificationBody",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("certification body"),
    )
    rating = models.CharField(_("rating"), max_length=16, choices=BodyRating.choices)
    # For "criticised": one or more CriticismReason values; the text says what happened (also for "referred").
    reasons = models.JSONField(_("grounds"), default=list, blank=True)
    reason_text = models.TextField(_("reason"), blank=True)
    # 五(二)1: the year whose on-site witness checks and 双随机 sampling are reduced for an excellent body.
    relief_year = models.PositiveSmallIntegerField(_("reduced supervision applies in"), null=True, blank=True)
    # 五(一): 择优向国家市场监管总局推荐.
    recommended_to_samr = models.BooleanField(_("recommended to SAMR"), default=False)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )
    assessed_at = models.DateTimeField(_("assessed at"))
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certification body assessment")
        verbose_name_plural = _("certification body assessments")
        ordering = ["campaign_id", "body__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "body"], name="body_assessment_one_per_body_and_campaign")
        ]

    def __str__(self):
        return f"{self.body} · {self.get_rating_display()}"

    def reason_labels(self) -> list[str]:
        labels = dict(CriticismReason.choices)
        return [str(labels.get(value, value)) for value in self.reasons]


class BodyAssessmentResponse(models.Model):
    """The certification body's one answer to the regulator's assessment (a second one is refused)."""

    assessment = models.OneToOneField(
        BodyAssessment, on_delete=models.CASCADE, related_name="response", verbose_name=_("assessment")
    )
    text = models.TextField(_("answer"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("answered by")
    )
    answered_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer to an assessment")
        verbose_name_plural = _("answers to assessments")
        ordering = ["-answered_at"]

    def __str__(self):
        return f"{self.assessment} · {self.answered_at:%Y-%m-%d}"
