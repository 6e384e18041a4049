"""One enterprise in one campaign, its states (DESIGN.md §5) and the log of who moved it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from enterprises.models.enterprises import Enterprise
from portal.scoping import ScopedQuerySet


class EnrolmentState(models.TextChoices):
    # DESIGN.md §5: the life of one enterprise in one campaign.
    NOMINATED = "nominated", _("Nominated")
    SCREENED = "screened", _("Screened")
    REJECTED = "rejected", _("Rejected at screening")
    ASSIGNED = "assigned", _("Expert assigned")
    DIAGNOSED = "diagnosed", _("Diagnosed")
    BUILDING = "building", _("Building the system")
    OPERATING = "operating", _("System in operation")
    REVIEWED = "reviewed", _("Internal audit and management review done")
    RESULTS = "results", _("Results delivered")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ENROLMENT_ORDER = [
    EnrolmentState.NOMINATED,
    EnrolmentState.SCREENED,
    EnrolmentState.ASSIGNED,
    EnrolmentState.DIAGNOSED,
    EnrolmentState.BUILDING,
    EnrolmentState.OPERATING,
    EnrolmentState.REVIEWED,
    EnrolmentState.RESULTS,
    EnrolmentState.CLOSED,
]


ENDED_STATES = {EnrolmentState.REJECTED, EnrolmentState.CLOSED, EnrolmentState.WITHDRAWN}


class Enrolment(models.Model):
    """One enterprise in one campaign. The state moves only through enterprises.services transitions."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="enrolments")
    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.PROTECT, related_name="enrolments")
    state = FSMField(_("state"), max_length=16, choices=EnrolmentState.choices, default=EnrolmentState.NOMINATED)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nominated_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    # 附件二(三)2: the QMS runs at least three months from this date (R7).
    operation_started_on = models.DateField(_("system operation started on"), null=True, blank=True)
    # Nominated after the assistance phase ended, when three months of operation no longer fit: why it goes on anyway
    # (enterprises.policy.late_nomination_warning).
    late_nomination_reason = models.TextField(_("reason for a late nomination"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["campaign_id", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "campaign"], name="enrolment_one_per_campaign"),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.campaign.year}"

    # The transitions (DESIGN.md §5). Only enterprises.services.enrolments calls them, after checking the preconditions and
    # who is acting; each one is logged as an EnrolmentTransition.
    @transition(field=state, source=EnrolmentState.NOMINATED, target=EnrolmentState.SCREENED)
    def to_screened(self):
        pass

    @transition(field=state, source=EnrolmentState.NOMINATED, target=EnrolmentState.REJECTED)
    def to_rejected(self):
        pass

    @transition(field=state, source=EnrolmentState.SCREENED, target=EnrolmentState.ASSIGNED)
    def to_assigned(self):
        pass

    @transition(field=state, source=EnrolmentState.ASSIGNED, target=EnrolmentState.DIAGNOSED)
    def to_diagnosed(self):
        pass

    @transition(field=state, source=EnrolmentState.DIAGNOSED, target=EnrolmentState.BUILDING)
    def to_building(self):
        pass

    @transition(field=state, source=EnrolmentState.BUILDING, target=EnrolmentState.OPERATING)
    def to_operating(self):
        pass

    @transition(field=state, source=EnrolmentState.OPERATING, target=EnrolmentState.REVIEWED)
    def to_reviewed(self):
        pass

    @transition(field=state, source=EnrolmentState.REVIEWED, target=EnrolmentState.RESULTS)
    def to_results(self):
        pass

    @transition(field=state, source=EnrolmentState.RESULTS, target=EnrolmentState.CLOSED)
    def to_closed(self):
        pass

    @transition(
        field=state,
        source=[s for s in EnrolmentState.values if s not in ENDED_STATES],
        target=EnrolmentState.WITHDRAWN,
    )
    def to_withdrawn(self):
        pass


class EnrolmentTransition(models.Model):
    """Who moved an enrolment from which state to which, when and why (DESIGN.md §5)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=16, choices=EnrolmentState.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=EnrolmentState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["enrolment_id", "at", "pk"]

    def __str__(self):
        return f"{self.enrolment}: {self.from_state} → {self.to_state}"
