"""Case selection on a rubric (五(一) 组织专家评选优秀案例): the campaign's rubric and its weighted criteria, each
reviewer's score per criterion, the regulator's selections and their reversals, and the published list of excellent
cases.

A rubric is set by the regulator while it is a draft; once scoring opens its criteria are fixed (a score is only
comparable with another on the same criteria). A review's total (``CaseReview.score``) is the weighted sum of its
criterion scores on 100.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField
from simple_history.models import HistoricalRecords

from enterprises.models.cases import Case, CaseReview
from portal.scoping import ScopedQuerySet


class RubricState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for scoring")
    CLOSED = "closed", _("Scoring closed")


class Rubric(models.Model):
    """The criteria on which the case panel scores one campaign's recommended cases (五(一))."""

    campaign = models.OneToOneField(
        "campaign.Campaign", on_delete=models.PROTECT, related_name="rubric", verbose_name=_("campaign")
    )
    state = FSMField(_("state"), max_length=16, choices=RubricState.choices, default=RubricState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("scoring opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("scoring closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case rubric")
        verbose_name_plural = _("case rubrics")
        ordering = ["-campaign__year"]

    def __str__(self):
        return str(self.campaign)


class RubricCriterion(models.Model):
    """One criterion: its weight in the total (%, the weights of a rubric sum to 100) and the highest score."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=100)
    description = models.TextField(_("what the reviewer looks for"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["rubric_id", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["rubric", "name"], name="rubric_criterion_name_once")]

    def __str__(self):
        return self.name


class CriterionScore(models.Model):
    """A reviewer's score on one criterion of the rubric, with their comment (once per review and criterion)."""

    review = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="criterion_scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["review_id", "criterion__order", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="criterion_score_once_per_review")]

    def __str__(self):
        return f"{self.criterion} · {self.score}"


class SelectionAct(models.TextChoices):
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    REVERSED = "reversed", _("Selection reversed")


class CaseSelection(models.Model):
    """The regulator's decision on a case and every reversal of a selection, with the reason (kept, never edited)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="selections")
    act = models.CharField(_("decision"), max_length=16, choices=SelectionAct.choices)
    reason = models.TextField(_("reason"), blank=True)
    acted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acted_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("case selection")
        verbose_name_plural = _("case selections")
        ordering = ["case_id", "acted_at", "pk"]

    def __str__(self):
        return f"{self.case} · {self.get_act_display()}"


class CaseListPublication(models.Model):
    """The list of excellent cases published for the whole city (五(一)), frozen as published: publishing again after
    a change makes the next version; the latest is the one shown."""

    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.PROTECT, related_name="case_publications")
    number = models.PositiveSmallIntegerField(_("version"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    # The cases as they were at publication: [{"case": id, "title", "enterprise", "district", "body", "mean"}].
    entries = models.JSONField(_("cases"), default=list)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("published list of excellent cases")
        verbose_name_plural = _("published lists of excellent cases")
        ordering = ["campaign_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="case_publication_number_once")]

    def __str__(self):
        return f"{self.campaign} · {self.number}"
