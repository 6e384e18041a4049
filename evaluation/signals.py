"""Which writes touch which running counts (``evaluation.services.counts``; issue 12): Django's model signals of every
row the figures are counted from note what each write touched (``counts_note``, no query), refreshed once its
transaction commits. Connected by ``EvaluationConfig.ready`` (``connect_counting``)."""

from __future__ import annotations

from assistance.models import Assignment, Problem, Training, Visit
from campaign.models import Campaign
from enterprises.models import Case, Complaint, Enrolment, OutcomeFigures
from evaluation.models import FigureCount
from evaluation.models.counts import COUNTED, META
from evaluation.services.counts import counts_flush, counts_note, counts_recount
from supervision.models import RectificationRequest


def _enrolment_of(field: str):
    def handler(sender, instance, **kwargs) -> None:
        enrolment_id = getattr(instance, field)
        if enrolment_id is not None:
            counts_note("enrolments", enrolment_id)

    return handler


def _on_problem(sender, instance, **kwargs) -> None:
    counts_note("diagnoses", instance.diagnosis_id)


def _on_complaint(sender, instance, **kwargs) -> None:
    counts_note("complainants", instance.enterprise_id)


def _attendees(training_id: int) -> list[int]:
    return list(
        Training.enterprises.through.objects.filter(training_id=training_id).values_list("enterprise_id", flat=True)
    )


def _on_training_delete_start(sender, instance, **kwargs) -> None:
    # The attendance goes with the training: note who attended while it is still there.
    counts_note("reach", *[(instance.campaign_id, e) for e in _attendees(instance.pk)])


def _on_training(sender, instance, **kwargs) -> None:
    # An edit may also change the kind, district or organiser its attendees were reached by (counts_flush).
    counts_note("trainings", instance.pk)


def _on_attendance(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action == "pre_clear":
        # The ids are gone after the clear: note them now.
        if reverse:
            campaigns = instance.trainings.values_list("campaign_id", flat=True)
            counts_note("reach", *[(c, instance.pk) for c in set(campaigns)])
        else:
            counts_note("reach", *[(instance.campaign_id, e) for e in _attendees(instance.pk)])
        return
    if action not in ("post_add", "post_remove"):
        return
    if reverse:  # instance: an enterprise; pk_set: trainings
        campaigns = Training.objects.filter(pk__in=pk_set or ()).values_list("campaign_id", flat=True)
        counts_note("reach", *[(c, instance.pk) for c in set(campaigns)])
    else:  # instance: a training; pk_set: enterprises
        counts_note("reach", *[(instance.campaign_id, e) for e in pk_set or ()])


def _on_enterprise(sender, instance, created=False, **kwargs) -> None:
    # It may have moved to another district (a new one has no enrolment yet).
    if not created:
        counts_note("enterprises", instance.pk)


def _on_expert(sender, instance, created=False, **kwargs) -> None:
    # It may have moved to another body, with the visits it made and the enrolments assigned to it.
    if not created:
        counts_note("experts", instance.pk)


def _on_unit_change_start(sender, instance, raw=False, **kwargs) -> None:
    instance._counted_kind_changed = False
    if instance.pk is not None and not raw:
        old = sender.objects.filter(pk=instance.pk).values_list("kind", flat=True).first()
        instance._counted_kind_changed = old is not None and old != instance.kind


def _on_unit(sender, instance, **kwargs) -> None:
    # A member unit that becomes (or stops being) a district: its rows count for a district scope (or no longer).
    if getattr(instance, "_counted_kind_changed", False):
        counts_flush()
        for campaign in Campaign.objects.filter(tenant_id=instance.tenant_id):
            counts_recount(campaign)


def _on_rectification(sender, instance, **kwargs) -> None:
    counts_note("rectifications", instance.pk)


def connect_counting() -> None:
    """Connect the writes to the counts (``EvaluationConfig.ready``)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

    from assistance.models import Expert
    from campaign.models import MemberUnit
    from enterprises.models import Enterprise

    def both(handler, model, name: str) -> None:
        post_save.connect(handler, sender=model, dispatch_uid=f"counts-save-{name}", weak=False)
        post_delete.connect(handler, sender=model, dispatch_uid=f"counts-delete-{name}", weak=False)

    both(_enrolment_of("pk"), Enrolment, "enrolment")
    for model in (Assignment, Visit, Case, OutcomeFigures):
        both(_enrolment_of("enrolment_id"), model, model._meta.label)
    both(_on_problem, Problem, "problem")
    both(_on_complaint, Complaint, "complaint")
    both(_on_rectification, RectificationRequest, "rectification")
    both(_on_training, Training, "training")
    pre_delete.connect(_on_training_delete_start, sender=Training, dispatch_uid="counts-training-deleting", weak=False)
    m2m_changed.connect(
        _on_attendance, sender=Training.enterprises.through, dispatch_uid="counts-attendance", weak=False
    )
    post_save.connect(_on_enterprise, sender=Enterprise, dispatch_uid="counts-enterprise", weak=False)
    post_save.connect(_on_expert, sender=Expert, dispatch_uid="counts-expert", weak=False)
    pre_save.connect(_on_unit_change_start, sender=MemberUnit, dispatch_uid="counts-unit-changing", weak=False)
    post_save.connect(_on_unit, sender=MemberUnit, dispatch_uid="counts-unit", weak=False)
    post_save.connect(_on_campaign, sender=Campaign, dispatch_uid="counts-campaign", weak=False)


def _on_campaign(sender, instance, created=False, raw=False, **kwargs) -> None:
    # A new campaign has nothing to count: it is counted from its first row on.
    if created and not raw:
        FigureCount.objects.get_or_create(campaign_id=instance.pk, scope=META, metric=COUNTED, defaults={"value": 1})
