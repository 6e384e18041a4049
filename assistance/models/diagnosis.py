"""The on-site diagnosis (附件二(二)) and its problem list."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField
from simple_history.models import HistoricalRecords

from enterprises.models import Enrolment
from portal.scoping import ScopedQuerySet


class Diagnosis(models.Model):
    """附件二(二) 企业现场调研/诊断, one per enrolment."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="diagnosis")
    diagnosed_on = models.DateField(_("diagnosed on"))
    legal_qualifications_ok = models.BooleanField(_("legal qualifications checked and in order"))
    dishonesty_list_checked = models.BooleanField(_("not on the serious dishonesty list in the last 2 years"))
    no_quality_penalty = models.BooleanField(_("no quality penalty or exposure"))
    overall_state = models.TextField(_("overall state and level of quality management"))
    starting_point = models.TextField(_("where to start building the system"))
    resource_limits = models.TextField(_("limits of the resources it can commit"), blank=True)
    policy_changes = models.TextField(_("policy changes affecting its industry"), blank=True)
    diagnosed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")

    def __str__(self):
        return f"{self.enrolment} · {self.diagnosed_on:%Y-%m-%d}"


class Urgency(models.TextChoices):
    HIGH = "high", _("Urgent")
    MEDIUM = "medium", _("Important")
    LOW = "low", _("Ordinary")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    SOLVED = "solved", _("Solved")
    VERIFIED = "verified", _("Verified by internal audit")


class Problem(models.Model):
    """One problem found at diagnosis (诊断小微企业急需解决的问题, 紧要级别/分类)."""

    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="problems")
    category = models.CharField(_("category"), max_length=60)
    description = models.TextField(_("problem"))
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.MEDIUM)
    enterprise_ideas = models.TextField(_("the enterprise's own ideas"), blank=True)
    measures = models.TextField(_("measures"), blank=True)
    owner = models.CharField(_("owner"), max_length=50, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = FSMField(_("status"), max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    # What was done, written when the problem is marked solved (the internal audit then verifies it).
    solution_note = models.TextField(_("how it was solved"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["diagnosis_id", "status", "due_on"]

    def __str__(self):
        return self.description[:40]
