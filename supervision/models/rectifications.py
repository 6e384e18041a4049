"""Rectification requests from a supervision visit, and the party's answers with evidence (四(二), 四、工作要求)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from portal.files import UploadTo
from portal.scoping import ScopedQuerySet
from supervision.models.visits import PartyMixin, SupervisionVisit, exactly_one_party


class RectificationState(models.TextChoices):
    # open → answered → closed, or answered → returned → answered again …
    OPEN = "open", pgettext_lazy("rectification", "Open")
    ANSWERED = "answered", pgettext_lazy("rectification", "Answered")
    RETURNED = "returned", pgettext_lazy("rectification", "Sent back")
    CLOSED = "closed", pgettext_lazy("rectification", "Closed")


class RectificationRequest(PartyMixin):
    visit = models.ForeignKey(
        SupervisionVisit, on_delete=models.PROTECT, related_name="requests", verbose_name=_("supervision visit")
    )
    # Denormalised from visit.round.campaign so that counts per campaign need no joins.
    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.PROTECT, related_name="rectification_requests")
    asked = models.TextField(_("what is asked"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(
        _("state"), max_length=10, choices=RectificationState.choices, default=RectificationState.OPEN
    )
    return_comment = models.TextField(_("comment when sent back"), blank=True)
    returned_count = models.PositiveSmallIntegerField(_("times sent back"), default=0)
    closing_comment = models.TextField(_("comment when closed"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification request")
        verbose_name_plural = _("rectification requests")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=exactly_one_party(), name="rectification_exactly_one_party"),
        ]
        indexes = [models.Index(fields=["campaign", "state", "due_on"], name="rectification_campaign_state")]

    def __str__(self):
        return f"{self.party} · {self.due_on:%Y-%m-%d}"

    @property
    def is_closed(self) -> bool:
        return self.state == RectificationState.CLOSED


class RectificationAnswer(models.Model):
    """The party's answer; at least one evidence file (refused without, supervision.policy)."""

    request = models.ForeignKey(RectificationRequest, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"))
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification answer")
        verbose_name_plural = _("rectification answers")
        ordering = ["answered_at", "pk"]

    def __str__(self):
        return f"{self.request} · {self.answered_at:%Y-%m-%d}"


class RectificationEvidence(models.Model):
    answer = models.ForeignKey(RectificationAnswer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=UploadTo("rectification-evidence"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification evidence")
        verbose_name_plural = _("rectification evidence")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name
