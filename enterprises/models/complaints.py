"""An enterprise's complaints about a certification body (五(二)2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField
from simple_history.models import HistoricalRecords

from enterprises.models.enterprises import Enterprise
from portal.scoping import ScopedQuerySet


class ComplaintState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted to the regulator")
    FORWARDED = "forwarded", _("Forwarded to the certification body")
    CLOSED = "closed", _("Closed")


class ComplaintOutcome(models.TextChoices):
    """How the regulator found a closed complaint. An upheld complaint (in full or in part) is what 五(二)2 means by
    收到企业投诉, a ground for criticising the body."""

    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")


class Complaint(models.Model):
    """An enterprise's complaint about a certification body (五(二)2: 收到企业投诉)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="complaints")
    body = models.ForeignKey(
        "assistance.CertificationBody",
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("certification body"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("what happened"))
    state = FSMField(_("state"), max_length=16, choices=ComplaintState.choices, default=ComplaintState.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    regulator_note = models.TextField(_("regulator's note"), blank=True)
    # Blank until closed; also blank on a complaint closed before outcomes were recorded ("未记录结论").
    outcome = models.CharField(_("outcome"), max_length=16, choices=ComplaintOutcome.choices, blank=True, default="")
    body_response = models.TextField(_("certification body's response"), blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-submitted_at"]
        constraints = [
            # Only a closed complaint has an outcome. The converse (every closed complaint has one) is the service's
            # rule, not a constraint: complaints closed before outcomes were recorded have none, and none can be
            # invented for them.
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(state="closed"), name="complaint_outcome_only_when_closed"
            ),
        ]

    def __str__(self):
        return self.subject
