"""Tenants, the yearly campaign and its calendar, member units and their kickoff meetings.

The calendar is data (DESIGN.md §5): a campaign has one row per phase and one per deadline, edited by the regulator
with a recorded reason, and cloned into the next year with the dates shifted.
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Role
from portal.files import UploadTo
from portal.scoping import ScopedQuerySet


class Tenant(models.Model):
    """One regulator's jurisdiction (天津市). Nothing of one tenant is ever visible to another."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    regulator_name = models.CharField(_("regulator"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tenant")
        verbose_name_plural = _("tenants")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Campaign(models.Model):
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="campaigns")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    cloned_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clones",
        verbose_name=_("cloned from"),
    )
    # DESIGN.md §5: nothing is written into a campaign whose last phase has ended, unless the regulator reopens it
    # until this day (campaign.policy.campaign_write_refusal); the reason is also kept in the history.
    reopened_until = models.DateField(_("reopened until"), null=True, blank=True)
    reopened_reason = models.CharField(_("reason for reopening"), max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["tenant_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["tenant", "year"], name="campaign_one_per_tenant_year")]

    def __str__(self):
        return self.title


class PhaseKind(models.TextChoices):
    # 四、工作部署 of the notice; supervision and the mid-term fall inside the assistance phase.
    DEPLOYMENT = "deployment", _("Deployment")
    ASSISTANCE = "assistance", _("Assistance and improvement")
    SUPERVISION = "supervision", _("On-site supervision")
    MIDTERM = "midterm", _("Mid-term evaluation")
    SUMMARY = "summary", _("Summary and evaluation")


PHASE_ORDER = [kind.value for kind in PhaseKind]


class Phase(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["campaign_id", "starts_on", "ends_on"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="phase_one_per_kind"),
            models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="phase_starts_before_end"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d}"

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class DeadlineKind(models.TextChoices):
    KICKOFF = "kickoff", _("Hold the regional kickoff meeting")  # 四(一), R9
    MIDTERM_EVALUATION = "midterm_evaluation", _("Mid-term evaluation and city-wide meeting")  # 四(二)
    ASSISTANCE_COMPLETE = "assistance_complete", _("Complete assistance and system operation")  # 四(二)
    ENTERPRISE_SUMMARY = (
        "enterprise_summary",
        _("Submit the implementation summary and 1–2 cases"),
    )  # 附件二(四)
    DISTRICT_SUBMISSION = (
        "district_submission",
        _("Submit district summary materials and data"),
    )  # 五(一), R10
    CASE_RECOMMENDATION = "case_recommendation", _("Recommend at least one excellent case")  # 五(一), R10
    CASE_SELECTION = "case_selection", _("Score and select excellent cases")  # 五(一)
    FINAL_REPORT = "final_report", _("Final evaluation and report upward")  # 五(一)


# Who must act on each deadline; the home pages read this to show each role what is due.
DEADLINE_AUDIENCE: dict[str, set[str]] = {
    DeadlineKind.KICKOFF: {Role.MEMBER_UNIT, Role.REGULATOR},
    DeadlineKind.MIDTERM_EVALUATION: {Role.REGULATOR, Role.MEMBER_UNIT, Role.CB_MANAGER},
    DeadlineKind.ASSISTANCE_COMPLETE: {Role.CB_MANAGER, Role.EXPERT, Role.ENTERPRISE, Role.MEMBER_UNIT},
    DeadlineKind.ENTERPRISE_SUMMARY: {Role.ENTERPRISE, Role.EXPERT},
    DeadlineKind.DISTRICT_SUBMISSION: {Role.MEMBER_UNIT, Role.REGULATOR},
    DeadlineKind.CASE_RECOMMENDATION: {Role.MEMBER_UNIT},
    DeadlineKind.CASE_SELECTION: {Role.REVIEWER, Role.REGULATOR},
    DeadlineKind.FINAL_REPORT: {Role.REGULATOR},
}


class Deadline(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("deadline"), max_length=32, choices=DeadlineKind.choices)
    due_on = models.DateField(_("due on"))
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["campaign_id", "due_on", "kind"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="deadline_one_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_on:%Y-%m-%d}"


class MemberUnitKind(models.TextChoices):
    DISTRICT = "district", _("District")
    BUREAU = "bureau", _("City bureau")


class Remit(models.TextChoices):
    """What a city bureau follows across all districts (read-only)."""

    NONE = "", _("Its district")
    FOREIGN_TRADE = "foreign_trade", _("Foreign-trade enterprises")  # 五(二)3: 市商务局
    SPECIALISED = "specialised", _("Specialised and innovative (专精特新) enterprises")  # 四(一)2, 五(二)5


class MemberUnit(models.Model):
    """A member unit of the joint conference: one of the districts or a city bureau (市工业和信息化局、市商务局)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="member_units")
    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.PROTECT, related_name="member_unit")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=MemberUnitKind.choices, default=MemberUnitKind.DISTRICT)
    remit = models.CharField(_("remit"), max_length=20, choices=Remit.choices, blank=True, default=Remit.NONE)
    # 二、工作重点 2: 3 个质量认证示范区 and 2 个示范点.
    is_demonstration_zone = models.BooleanField(_("quality certification demonstration zone"), default=False)
    is_demonstration_point = models.BooleanField(_("quality certification demonstration point"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        ordering = ["tenant_id", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "name"], name="member_unit_unique_name")]

    def __str__(self):
        return self.name

    @property
    def is_district(self) -> bool:
        return self.kind == MemberUnitKind.DISTRICT


# A bound that no real meeting reaches, so that a typo is an error at the field rather than a database overflow.
KICKOFF_MAX_ATTENDANCE = 100_000


class KickoffMeeting(models.Model):
    """四(一): each member unit holds one regional kickoff meeting in the deployment phase (R9)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="kickoff_meetings")
    member_unit = models.ForeignKey(MemberUnit, on_delete=models.PROTECT, related_name="kickoff_meetings")
    held_on = models.DateField(_("date held"))
    place = models.CharField(_("place"), max_length=200)
    attendance = models.PositiveIntegerField(
        _("attendance"), validators=[MinValueValidator(1), MaxValueValidator(KICKOFF_MAX_ATTENDANCE)]
    )
    minutes = models.FileField(_("minutes"), upload_to=UploadTo("kickoff-minutes"), blank=True)
    minutes_name = models.CharField(_("minutes file name"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kickoff meeting")
        verbose_name_plural = _("kickoff meetings")
        ordering = ["campaign_id", "member_unit__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member_unit"], name="kickoff_one_per_unit_and_campaign"),
            models.CheckConstraint(condition=Q(attendance__gte=1), name="kickoff_attendance_positive"),
        ]

    def __str__(self):
        return f"{self.member_unit} · {self.held_on:%Y-%m-%d}"


class KickoffReminder(models.Model):
    """R9: a reminder e-mailed to a member unit that has not recorded its kickoff after the deadline.

    The row is the claim: one per unit, campaign and day, so a task that runs twice sends nothing twice.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="kickoff_reminders")
    member_unit = models.ForeignKey(MemberUnit, on_delete=models.CASCADE, related_name="kickoff_reminders")
    sent_on = models.DateField(_("sent on"))
    recipients = models.JSONField(_("recipients"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kickoff reminder")
        verbose_name_plural = _("kickoff reminders")
        ordering = ["-sent_on", "member_unit__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member_unit", "sent_on"], name="kickoff_reminder_one_per_unit_and_day"
            )
        ]

    def __str__(self):
        return f"{self.member_unit} · {self.sent_on:%Y-%m-%d}"
