"""四(二) 中期评估: the August mid-term snapshot of the campaign's figures, the city-wide mid-term meeting
(中期推动会) and the next steps it assigned."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.files import UploadTo
from portal.scoping import ScopedQuerySet


class MidtermSnapshot(models.Model):
    """The campaign's figures (``evaluation.selectors.figures.city_figures``) frozen when the regulator took them.

    Never changes afterwards: there is no update path (no service, no form, a read-only API, not in the admin), and
    ``save`` refuses to write an existing row. A second snapshot is a new row with the next ``sequence``. ``token`` is
    the idempotency key of the form that asked for it, so a double click or a second concurrent POST of the same form
    gives this same snapshot."""

    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.PROTECT, related_name="midterm_snapshots")
    sequence = models.PositiveIntegerField(_("number"))
    token = models.UUIDField(_("request token"), editable=False)
    as_of = models.DateField(_("figures as of"))
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("taken by")
    )
    figures = models.JSONField(_("figures"), editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mid-term snapshot")
        verbose_name_plural = _("mid-term snapshots")
        ordering = ["campaign_id", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "sequence"], name="midterm_snapshot_unique_sequence"),
            models.UniqueConstraint(fields=["campaign", "token"], name="midterm_snapshot_unique_token"),
        ]

    def __str__(self):
        return f"{self.campaign} · {self.sequence}"

    def save(self, *args, **kwargs):
        # The snapshot is the record of what the figures said that day; whatever later data says, it stays.
        if not self._state.adding:
            raise ValueError("A mid-term snapshot never changes; take a new one instead.")
        super().save(*args, **kwargs)


MEETING_MAX_ATTENDANCE = 100_000


class MidtermMeeting(models.Model):
    """四(二): the city-wide mid-term meeting (中期推动会) the regulator holds in August, one per campaign."""

    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.PROTECT, related_name="midterm_meetings")
    held_on = models.DateField(_("date held"))
    place = models.CharField(_("place"), max_length=200)
    attendance = models.PositiveIntegerField(
        _("attendance"), validators=[MinValueValidator(1), MaxValueValidator(MEETING_MAX_ATTENDANCE)]
    )
    attendees = models.TextField(_("units attending"), blank=True)
    minutes = models.FileField(_("minutes"), upload_to=UploadTo("midterm-minutes"), blank=True)
    minutes_name = models.CharField(_("minutes file name"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mid-term meeting")
        verbose_name_plural = _("mid-term meetings")
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(fields=["campaign"], name="midterm_meeting_one_per_campaign"),
            models.CheckConstraint(condition=Q(attendance__gte=1), name="midterm_meeting_attendance_positive"),
        ]

    def __str__(self):
        return f"{self.campaign} · {self.held_on:%Y-%m-%d}"


class NextStepOwner(models.TextChoices):
    MEMBER_UNIT = "member_unit", _("Member unit")
    BODY = "body", _("Certification body")
    REGULATOR = "regulator", _("Regulator")


class NextStep(models.Model):
    """A next step the mid-term meeting assigned: what, to whom (a member unit, a certification body or the
    regulator itself), by when, and whether it is done. The owner sees it on its home page and marks it done."""

    meeting = models.ForeignKey(MidtermMeeting, on_delete=models.CASCADE, related_name="next_steps")
    what = models.CharField(_("what"), max_length=300)
    owner_kind = models.CharField(_("owner"), max_length=12, choices=NextStepOwner.choices)
    member_unit = models.ForeignKey(
        "campaign.MemberUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_steps",
        verbose_name=_("member unit"),
    )
    body = models.ForeignKey(
        "assistance.CertificationBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_steps",
        verbose_name=_("certification body"),
    )
    due_on = models.DateField(_("due on"))
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")
        ordering = ["due_on", "pk"]
        constraints = [
            # Exactly the owner its kind names.
            models.CheckConstraint(
                condition=(
                    Q(owner_kind="member_unit", member_unit__isnull=False, body__isnull=True)
                    | Q(owner_kind="body", member_unit__isnull=True, body__isnull=False)
                    | Q(owner_kind="regulator", member_unit__isnull=True, body__isnull=True)
                ),
                name="next_step_owner_matches_kind",
            ),
        ]

    def __str__(self):
        return self.what

    @property
    def owner_name(self) -> str:
        if self.owner_kind == NextStepOwner.MEMBER_UNIT and self.member_unit is not None:
            return self.member_unit.name
        if self.owner_kind == NextStepOwner.BODY and self.body is not None:
            return self.body.name
        return str(NextStepOwner.REGULATOR.label)
