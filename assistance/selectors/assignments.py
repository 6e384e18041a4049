"""Reads for assignments (附件一, R2–R4): the list, the exceptions the regulator follows, the enrolments still to
assign and the experts suggested for one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from assistance.models import Assignment, Expert
from assistance.policy import MAX_ENTERPRISES_PER_EXPERT, Breach, rule_breaches
from assistance.selectors.experts import expert_load_expression
from enterprises.models import Enrolment, EnrolmentState


def assignment_list(*, user, campaign=None) -> QuerySet[Assignment]:
    """The assignments the user may see (of ``campaign`` when given), newest first, with expert, enterprise and
    who assigned."""
    assignments = Assignment.objects.visible_to(user)
    if campaign is not None:
        assignments = assignments.filter(enrolment__campaign=campaign)
    return assignments.select_related(
        "expert__user",
        "expert__body",
        "expert__home_district",
        "enrolment__enterprise__district",
        "enrolment__campaign",
        "assigned_by",
    ).order_by("-assigned_at", "-pk")


def override_list(*, user) -> QuerySet[Assignment]:
    """R2–R4 exceptions, each with its reason (shown to the regulator)."""
    return assignment_list(user=user).exclude(override_reason="")


def enrolments_to_assign(*, user, campaign=None) -> QuerySet[Enrolment]:
    """Screened enrolments without an expert that the user may assign (a manager: those its groups cover)."""
    active = Assignment.objects.filter(enrolment=OuterRef("pk"), ended_at__isnull=True)
    enrolments = Enrolment.objects.visible_to(user).filter(state=EnrolmentState.SCREENED).exclude(Exists(active))
    if campaign is not None:
        enrolments = enrolments.filter(campaign=campaign)
    return enrolments.select_related("enterprise__district", "campaign").order_by("enterprise__name", "pk")


@dataclass(frozen=True)
class ExpertFit:
    """One candidate expert for an enrolment: how well they fit and why (the assignment page's suggestions)."""

    expert: Expert
    load: int
    specialty_match: bool
    same_district: bool
    breaches: list[Breach]

    @property
    def is_free(self) -> bool:
        return self.load < MAX_ENTERPRISES_PER_EXPERT

    @property
    def fits(self) -> bool:
        return not self.breaches


def expert_suggestions(*, enrolment: Enrolment, user) -> list[ExpertFit]:
    """The user's visible experts ranked for ``enrolment``: specialty match first, then the same district, then the
    lower load (R3, R4, R2). One query whatever the number of experts."""
    enterprise = enrolment.enterprise
    experts = (
        Expert.objects.visible_to(user)
        .select_related("user", "home_district")
        .annotate(load=expert_load_expression(enrolment.campaign_id, excluding_enrolment_id=enrolment.pk))
    )
    fits = []
    for expert in experts:
        fits.append(
            ExpertFit(
                expert=expert,
                load=expert.load,
                specialty_match=enterprise.cluster in (expert.specialties or []),
                same_district=expert.home_district_id == enterprise.district_id,
                breaches=rule_breaches(expert=expert, enterprise=enterprise, load=expert.load),
            )
        )
    fits.sort(key=lambda f: (not f.specialty_match, not f.same_district, not f.is_free, f.load, str(f.expert)))
    return fits
