"""Assigning experts to enrolled enterprises — the heart of the certification side (附件一).

R2 at most 2 enterprises per expert per campaign (建议每位帮扶专家负责帮扶1-2个小微企业), R3 the expert's specialty
matches the enterprise's industry (专业对口), R4 the expert works in their own district (尽量不跨地区开展工作).
Each is advice in the notice, so breaking one is possible, but only on purpose: with a written reason, kept on the
assignment together with the rules it breaks, and shown to the regulator.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from assistance.models import Assignment, Expert
from assistance.services.groups import require, save_with_history
from enterprises.models import ENDED_STATES, Cluster, Enrolment, EnrolmentState
from enterprises.services.enrolments import enrolment_advance
from portal.scoping import ensure_still_visible

MAX_ENTERPRISES_PER_EXPERT = 2  # 附件一: 建议每位帮扶专家负责帮扶1-2个小微企业 (R2)
MIN_REASON_LENGTH = 5


@dataclass(frozen=True)
class Breach:
    rule: str  # "R2", "R3" or "R4"
    message: str


def expert_load(expert: Expert, campaign_id: int, *, excluding_enrolment_id: int | None = None) -> int:
    """How many enterprises the expert actively assists in the campaign."""
    active = Assignment.objects.filter(expert=expert, enrolment__campaign_id=campaign_id, ended_at__isnull=True)
    if excluding_enrolment_id is not None:
        active = active.exclude(enrolment_id=excluding_enrolment_id)
    return active.values("enrolment_id").distinct().count()


def rule_breaches(*, expert: Expert, enterprise, load: int) -> list[Breach]:
    """Which of R2–R4 assigning ``expert`` to ``enterprise`` would break, given the expert's current ``load`` (not
    counting this enterprise). One function for the service, the suggestions and their explanations."""
    breaches = []
    if load >= MAX_ENTERPRISES_PER_EXPERT:
        breaches.append(
            Breach(
                "R2",
                _("R2: %(expert)s already assists %(load)s enterprises in this campaign (1–2 per expert).")
                % {"expert": expert, "load": load},
            )
        )
    if enterprise.cluster not in (expert.specialties or []):
        breaches.append(
            Breach(
                "R3",
                _("R3: %(expert)s's specialties do not include %(cluster)s, the industry of %(enterprise)s.")
                % {"expert": expert, "cluster": Cluster(enterprise.cluster).label, "enterprise": enterprise},
            )
        )
    if expert.home_district_id != enterprise.district_id:
        breaches.append(
            Breach(
                "R4",
                _("R4: %(expert)s works in %(home)s, not in %(district)s where %(enterprise)s is.")
                % {
                    "expert": expert,
                    "home": expert.home_district,
                    "district": enterprise.district,
                    "enterprise": enterprise,
                },
            )
        )
    return breaches


def _check_override(breaches: list[Breach], override_reason: str) -> tuple[list[str], str]:
    reason = (override_reason or "").strip()
    if not breaches:
        return [], ""
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {
                "override_reason": [
                    _(
                        "This assignment breaks the rules below. Give the reason for the exception (at least "
                        "%(count)s characters); it is kept and shown to the regulator."
                    )
                    % {"count": MIN_REASON_LENGTH},
                    *[breach.message for breach in breaches],
                ]
            },
            code="override_needed",
        )
    return [breach.rule for breach in breaches], reason


def _already_assigned(enrolment: Enrolment) -> ValidationError:
    return ValidationError(
        _("%(enterprise)s already has an assistance expert; reload the page to see who.")
        % {"enterprise": enrolment.enterprise},
        code="duplicate",
    )


def assignment_create(
    *,
    enrolment: Enrolment,
    expert: Expert,
    override_reason: str = "",
    reassign_reason: str = "",
    acting_user,
) -> Assignment:
    """Assign ``expert`` to ``enrolment``. A screened enrolment moves to "assigned" in the same transaction; an
    enrolment that already has an expert gets a new one only with ``reassign_reason``, which ends the old
    assignment. Breaking R2–R4 needs ``override_reason``."""
    require(acting_user, "assistance.assign_expert", enrolment)
    scope = scope_of(acting_user)
    if expert.body_id != scope.certification_body_id:
        raise PermissionDenied
    if not Enrolment.objects.visible_to(acting_user).filter(pk=enrolment.pk).exists():
        raise PermissionDenied
    try:
        with transaction.atomic():
            # select_for_update on the enrolment: two managers assigning the same enterprise at once — the second
            # waits, then finds the first one's assignment. On the expert: two enterprises given to one expert at
            # once must not both pass the R2 count.
            row = Enrolment.objects.select_for_update().select_related("enterprise__district").get(pk=enrolment.pk)
            expert = Expert.objects.select_for_update().select_related("user", "home_district").get(pk=expert.pk)
            if row.state in ENDED_STATES:
                raise ValidationError(
                    _("The enrolment has ended (%(state)s); no expert can be assigned.")
                    % {"state": row.get_state_display()}
                )
            current = Assignment.objects.filter(enrolment=row, ended_at__isnull=True).select_related("expert").first()
            if current is None and row.state != EnrolmentState.SCREENED:
                raise ValidationError(
                    _("Only a screened enrolment can be assigned an expert; this one is “%(state)s”.")
                    % {"state": row.get_state_display()}
                )
            if current is not None:
                if current.expert_id == expert.pk:
                    raise ValidationError({"expert": _("%(expert)s is already assigned here.") % {"expert": expert}})
                reassign_reason = (reassign_reason or "").strip()
                if len(reassign_reason) < MIN_REASON_LENGTH:
                    raise ValidationError(
                        {
                            "reassign_reason": _(
                                "%(enterprise)s already has an expert (%(expert)s). To replace them, say why "
                                "(at least %(count)s characters)."
                            )
                            % {"enterprise": row.enterprise, "expert": current.expert, "count": MIN_REASON_LENGTH}
                        }
                    )
            load = expert_load(expert, row.campaign_id, excluding_enrolment_id=row.pk)
            rules_broken, reason = _check_override(
                rule_breaches(expert=expert, enterprise=row.enterprise, load=load), override_reason
            )
            if current is not None:
                current.ended_at = timezone.now()
                current.ended_reason = reassign_reason
                save_with_history(current, acting_user=acting_user, reason=reassign_reason)
            assignment = Assignment(
                enrolment=row,
                expert=expert,
                assigned_by=acting_user,
                overridden_rules=rules_broken,
                override_reason=reason,
            )
            save_with_history(assignment, acting_user=acting_user, reason=reason)
            if current is None:
                enrolment_advance(
                    enrolment=row,
                    to=EnrolmentState.ASSIGNED,
                    acting_user=acting_user,
                    reason=_("%(expert)s assigned") % {"expert": expert},
                )
            ensure_still_visible(assignment, acting_user)
    except IntegrityError:  # assignment_one_active_per_enrolment: a double submission raced past the lock
        raise _already_assigned(enrolment) from None
    return assignment


def assignment_end(*, assignment: Assignment, reason: str, acting_user) -> Assignment:
    """End an assignment whose enrolment has ended (withdrawn, rejected or closed). A live enrolment is never left
    without an expert: replace the expert instead (附件一: 点对点提升帮扶)."""
    require(acting_user, "assistance.end_assignment", assignment)
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": _("Say why the assignment ends; it is kept with it.")})
    with transaction.atomic():
        row = Assignment.objects.select_for_update().select_related("enrolment").get(pk=assignment.pk)
        if row.ended_at is not None:
            raise ValidationError(_("This assignment has already ended."), code="duplicate")
        if row.enrolment.state not in ENDED_STATES:
            raise ValidationError(
                _(
                    "The enterprise is still in the campaign and needs an expert; assign another expert instead "
                    "(the current assignment then ends)."
                )
            )
        row.ended_at = timezone.now()
        row.ended_reason = reason
        save_with_history(row, acting_user=acting_user, reason=reason)
        ensure_still_visible(row, acting_user)
    return row
