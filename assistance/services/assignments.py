"""Assigning experts to enrolled enterprises — the heart of the certification side (附件一).

R2 at most 2 enterprises per expert per campaign (建议每位帮扶专家负责帮扶1-2个小微企业), R3 the expert's specialty
matches the enterprise's industry (专业对口), R4 the expert works in their own district (尽量不跨地区开展工作).
Each is advice in the notice, so breaking one is possible, but only on purpose: with a written reason, kept on the
assignment together with the rules it breaks, and shown to the regulator.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from assistance.models import Assignment, Expert
from assistance.policy import (
    MIN_REASON_LENGTH,
    auditing_firewall_error,
    late_assignment_check,
    override_check,
    rule_breaches,
)
from enterprises.models import ENDED_STATES, Enrolment, EnrolmentState
from enterprises.services.enrolments import enrolment_advance
from portal.scoping import ensure_still_visible
from portal.services import require_perm, save_with_history


def expert_load(expert: Expert, campaign_id: int, *, excluding_enrolment_id: int | None = None) -> int:
    """How many enterprises the expert actively assists in the campaign (R2's count)."""
    active = Assignment.objects.filter(expert=expert, enrolment__campaign_id=campaign_id, ended_at__isnull=True)
    if excluding_enrolment_id is not None:
        active = active.exclude(enrolment_id=excluding_enrolment_id)
    return active.values("enrolment_id").distinct().count()


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
    late_reason: str = "",
    acting_user,
) -> Assignment:
    """Assign ``expert`` to ``enrolment``. A screened enrolment moves to "assigned" in the same transaction; an
    enrolment that already has an expert gets a new one only with ``reassign_reason``, which ends the old
    assignment. Breaking R2–R4 (``assistance.policy.rule_breaches``) needs ``override_reason``.

    Raises PermissionDenied unless the caller manages the expert's body and sees the enrolment; ValidationError when
    the enrolment has ended or is not screened, on ``expert`` (already assigned, or on the enterprise's pending
    certification audit: R5), ``reassign_reason`` or
    ``override_reason`` (the rules broken, R2–R4), ``late_reason`` (after the assistance phase), and code
    "duplicate" when a double submission lost the race."""
    require_perm(acting_user, "assistance.assign_expert", enrolment)
    scope = scope_of(acting_user)
    if scope is None or expert.body_id != scope.certification_body_id:
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
            # R5 in the other direction: nobody on the enterprise's pending audit becomes its assistance expert.
            auditing = auditing_firewall_error(expert=expert, enterprise=row.enterprise)
            if auditing is not None:
                raise ValidationError({"expert": auditing}, code="impartiality")
            # After the assistance phase: three months of operation no longer fit; only with a reason, kept.
            late = late_assignment_check(campaign=row.campaign, late_reason=late_reason)
            load = expert_load(expert, row.campaign_id, excluding_enrolment_id=row.pk)
            # R2–R4, 附件一: breaking one needs a written reason, kept on the assignment.
            rules_broken, reason = override_check(
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
                late_reason=late,
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
    without an expert: replace the expert instead (附件一: 点对点提升帮扶).

    Raises PermissionDenied unless the caller manages the expert's body; ValidationError on ``reason`` (missing),
    when the enrolment is still live, and code "duplicate" when the assignment has already ended."""
    require_perm(acting_user, "assistance.end_assignment", assignment)
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
