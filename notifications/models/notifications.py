"""In-portal notifications and each user's choice about e-mail (issue 10: reminders and notifications)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.scoping import ScopedQuerySet


class NotificationKind(models.TextChoices):
    KICKOFF_MISSING = "kickoff_missing", _("Kickoff meeting not yet held")  # 四(一), R9
    NO_VISIT = "no_visit", _("No visit for 30 days")  # 附件二(三)
    RECTIFICATION_ASKED = "rectification_asked", _("Rectification requested")  # 四(二) 现场督导
    RECTIFICATION_DUE = "rectification_due", _("Rectification due")
    RECTIFICATION_OVERDUE = "rectification_overdue", _("Rectification overdue")
    RECTIFICATION_ANSWERED = "rectification_answered", _("Rectification answered")
    RECTIFICATION_RETURNED = "rectification_returned", _("Rectification sent back")
    AUDIT_DUE = "audit_due", _("Surveillance or recertification audit due")  # R12
    SUBMISSION_DUE = "submission_due", _("District submission due")  # 五(一), R10
    SUBMISSION_OVERDUE = "submission_overdue", _("District submission overdue")
    SUBMISSION_RETURNED = "submission_returned", _("District submission returned")
    SUBMISSION_APPROVED = "submission_approved", _("District submission approved")
    CASE_RETURNED = "case_returned", _("Case returned for revision")  # 附件二(四)
    ASSESSMENT = "assessment", _("Assessment by the regulator")  # 五(二)
    NEXT_STEP = "next_step", _("Next step assigned")  # 四(二) 中期推动会
    URGE = "urge", _("Reminder from the regulator (催办)")
    OTHER = "other", _("Other")


class Notification(models.Model):
    """One message to one user, shown in the portal until read and, unless the user muted e-mail, e-mailed once.

    ``key`` names the thing and the date it is about (e.g. ``submission-due:12:2023-11-30:7``); one recipient never
    gets two notifications with the same key, so a reminder rule that runs twice sends nothing twice.
    """

    tenant = models.ForeignKey("campaign.Tenant", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices, default=NotificationKind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # None: not e-mailed yet (or muted when created); a claim is the conditional update that sets it.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_wanted = models.BooleanField(default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(
                fields=["created_at"], name="notification_email_queue", condition=Q(email_wanted=True, emailed_at=None)
            ),
        ]

    def __str__(self):
        return self.title


class NotificationSettings(models.Model):
    """A user's choice: e-mail may be muted; the in-portal list cannot be."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    mute_email = models.BooleanField(_("do not e-mail me notifications"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)
