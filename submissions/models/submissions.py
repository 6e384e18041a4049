"""A district's submission by 30 November (五(一), R10): its summary materials, its data roll-up frozen at
submission, its recommended cases (read from ``enterprises.Case``, never copied) and a note.

draft → submitted → returned (with the regulator's comment) → submitted … → approved (locked). An approved submission
is unlocked only by the regulator, with a reason (a recorded event, counted).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField
from simple_history.models import HistoricalRecords

from portal.files import UploadTo
from portal.scoping import ScopedQuerySet


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")


# A district edits its submission (files, note) only while it is in one of these states.
EDITABLE_STATES = (SubmissionState.DRAFT, SubmissionState.RETURNED)


class DistrictSubmission(models.Model):
    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.PROTECT, related_name="district_submissions")
    member_unit = models.ForeignKey(
        "campaign.MemberUnit", on_delete=models.PROTECT, related_name="submissions", verbose_name=_("district")
    )
    state = FSMField(_("state"), max_length=16, choices=SubmissionState.choices, default=SubmissionState.DRAFT)
    note = models.TextField(_("note"), blank=True)
    # 数据汇总: the district's figures, frozen at each submission (later data changes do not move it).
    data_rollup = models.JSONField(_("data roll-up"), default=dict, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_comment = models.TextField(_("comment for revision"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unlock_count = models.PositiveSmallIntegerField(_("times unlocked"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("district submission")
        verbose_name_plural = _("district submissions")
        ordering = ["campaign_id", "member_unit__sort_order", "member_unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member_unit"], name="submission_one_per_unit_and_campaign")
        ]

    def __str__(self):
        return f"{self.member_unit} · {self.campaign}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_locked(self) -> bool:
        return self.state == SubmissionState.APPROVED


class SubmissionFile(models.Model):
    """A summary material of the submission (工作总结, 数据报表 …)."""

    submission = models.ForeignKey(DistrictSubmission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=UploadTo("district-submissions"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission file")
        verbose_name_plural = _("submission files")
        ordering = ["submission_id", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class SubmissionEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")
    UNLOCKED = "unlocked", _("Unlocked")


class SubmissionEvent(models.Model):
    """The audit trail of a submission: who submitted, returned (with the comment), approved or unlocked (with the
    reason), and when."""

    submission = models.ForeignKey(DistrictSubmission, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=16, choices=SubmissionEventKind.choices)
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        ordering = ["submission_id", "at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"
