"""Practice cases (附件二(四); 五(一)), their attachments, and their review by the case panel (R13)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField
from simple_history.models import HistoricalRecords

from enterprises.models.enrolments import Enrolment
from portal.files import UploadTo
from portal.scoping import ScopedQuerySet


class CaseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RECOMMENDED = "recommended", _("Recommended by the district")
    SCORED = "scored", _("Scored")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


class Case(models.Model):
    """A 《小微企业质量管理优良实践案例》 (附件二(四); 五(一))."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="cases")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    state = FSMField(_("state"), max_length=16, choices=CaseState.choices, default=CaseState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recommended_at = models.DateTimeField(_("recommended at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The district's comment when it returned the submitted case to the enterprise for revision (back to draft).
    revision_comment = models.TextField(_("comment for revision"), blank=True)
    returned_at = models.DateTimeField(_("returned for revision at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("practice case")
        verbose_name_plural = _("practice cases")
        ordering = ["enrolment_id", "created_at"]

    def __str__(self):
        return self.title


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=UploadTo("case-attachments"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("case attachment")
        verbose_name_plural = _("case attachments")
        ordering = ["case_id", "uploaded_at"]

    def __str__(self):
        return self.original_name


class ReviewerProfile(models.Model):
    """A case reviewer (评选专家) and the certification body they work for, if any: R13 keeps them off the cases of
    enterprises that body assisted."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile")
    affiliated_body = models.ForeignKey(
        "assistance.CertificationBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewers",
        verbose_name=_("certification body they work for"),
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")

    def __str__(self):
        return str(self.user)


class CaseReview(models.Model):
    """A reviewer asked to score a case (五(一): 组织专家评选优秀案例), and the score once given (R13)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_reviews")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True, validators=[MaxValueValidator(100)])
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case review")
        verbose_name_plural = _("case reviews")
        constraints = [models.UniqueConstraint(fields=["case", "reviewer"], name="case_review_once_per_reviewer")]

    def __str__(self):
        return f"{self.case} · {self.reviewer}"
