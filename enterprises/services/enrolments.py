"""The enrolment: nominating an enterprise into a campaign, and its lifecycle (DESIGN.md §5) — the one place an
enrolment's state changes.

``enrolment_advance`` checks, in order: the transition exists from the current state (django-fsm), the acting user
may make it (``rules``: enterprises.advance_enrolment_to_<state>), and every precondition registered for the target
state holds. A precondition is a function of the enrolment that returns None when satisfied, or the Chinese message
that says what is missing; apps register them with ``@precondition(state)`` (this app registers the screening and
outputs checks of enterprises.policy below; the assistance app wires R7 and the assignment/diagnosis/plan checks from
its AppConfig.ready). Every move is logged with who, when and why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from campaign.models import Campaign
from campaign.policy import campaign_write_check
from enterprises import policy
from enterprises.models import Enrolment, EnrolmentState, EnrolmentTransition, Enterprise
from portal.scoping import ensure_still_visible
from portal.services import lock_current, require_perm, save_with_history


def _already_nominated(enterprise: Enterprise, campaign: Campaign) -> ValidationError:
    return ValidationError(
        _("%(enterprise)s is already nominated for %(campaign)s.")
        % {"enterprise": enterprise.name, "campaign": campaign.title},
        code="duplicate",
    )


def enrolment_nominate(*, enterprise: Enterprise, campaign: Campaign, acting_user, late_reason: str = "") -> Enrolment:
    """附件二(一): a district (or the regulator) puts an enterprise forward for the campaign; once per campaign.

    After the assistance phase has ended, three months of operation no longer fit (policy.late_nomination_warning):
    ValidationError at "late_reason" (code "late_nomination") unless ``late_reason`` says why it goes on; the reason
    is stored with the enrolment."""
    require_perm(acting_user, "enterprises.nominate_enterprise", enterprise)
    if campaign.tenant_id != enterprise.tenant_id:
        raise PermissionDenied
    campaign_write_check(campaign)  # DESIGN.md §5: a finished campaign takes no nominations
    late_reason = (late_reason or "").strip()
    warning = policy.late_nomination_warning(campaign, timezone.localdate())
    if warning is None:
        late_reason = ""
    elif len(late_reason) < 2:
        raise ValidationError({"late_reason": warning}, code="late_nomination")
    try:
        with transaction.atomic():
            if Enrolment.objects.filter(enterprise=enterprise, campaign=campaign).exists():
                raise _already_nominated(enterprise, campaign)
            enrolment = Enrolment(
                enterprise=enterprise, campaign=campaign, nominated_by=acting_user, late_nomination_reason=late_reason
            )
            save_with_history(enrolment, acting_user=acting_user)
            ensure_still_visible(enrolment, acting_user)
    except IntegrityError:  # a double submission raced past the exists() check; the first one won
        raise _already_nominated(enterprise, campaign) from None
    return enrolment


Precondition = Callable[[Enrolment], "str | None"]


_PRECONDITIONS: dict[str, list[Precondition]] = defaultdict(list)


def precondition(state: str) -> Callable[[Precondition], Precondition]:
    """Register ``check(enrolment) -> message | None`` for moving an enrolment to ``state``."""

    def register(check: Precondition) -> Precondition:
        if check not in _PRECONDITIONS[state]:
            _PRECONDITIONS[state].append(check)
        return check

    return register


def unmet_preconditions(enrolment: Enrolment, state: str) -> list[str]:
    """The messages of every precondition registered for ``state`` that ``enrolment`` does not meet (empty: none)."""
    return [message for check in _PRECONDITIONS.get(state, []) if (message := check(enrolment))]


def _method_for(state: str):
    return f"to_{state}"


def enrolment_advance(*, enrolment: Enrolment, to: str, acting_user, reason: str = "") -> Enrolment:
    """Move ``enrolment`` to state ``to``; raises ValidationError with what is missing, or PermissionDenied."""
    if to not in EnrolmentState.values:
        raise ValidationError(_("Unknown state."))
    require_perm(acting_user, f"enterprises.advance_enrolment_to_{to}", enrolment)
    reason = (reason or "").strip()
    if to in (EnrolmentState.WITHDRAWN, EnrolmentState.REJECTED) and len(reason) < 2:
        raise ValidationError({"reason": _("Give the reason; it is kept with the enrolment.")})
    with transaction.atomic():
        # select_for_update: two people moving the same enrolment at once must not both succeed from one state.
        row = lock_current(Enrolment, enrolment.pk, None)
        campaign_write_check(row.campaign)  # DESIGN.md §5: a finished campaign's funnel stays as it was
        method = getattr(row, _method_for(to))
        if not can_proceed(method):
            raise ValidationError(
                _("An enrolment in the state “%(current)s” cannot move to “%(target)s”.")
                % {"current": row.get_state_display(), "target": EnrolmentState(to).label},
                code="invalid_transition",
            )
        missing = unmet_preconditions(row, to)
        if missing:
            raise ValidationError(missing, code="precondition")
        from_state = row.state
        method()
        row.version += 1
        save_with_history(row, acting_user=acting_user, reason=reason)
        EnrolmentTransition.objects.create(
            enrolment=row, from_state=from_state, to_state=to, by=acting_user, reason=reason
        )
        ensure_still_visible(row, acting_user)
    return row


def enrolment_withdraw(*, enrolment: Enrolment, reason: str, acting_user) -> Enrolment:
    """Withdrawal from any state that has not ended, with a reason (DESIGN.md §5)."""
    return enrolment_advance(enrolment=enrolment, to=EnrolmentState.WITHDRAWN, acting_user=acting_user, reason=reason)


# The enrolment preconditions that are this app's own rules (enterprises.policy): R1's screening decides between
# "screened" and "rejected"; 附件二(四) 帮扶成果输出 comes before "results".
precondition(EnrolmentState.SCREENED)(policy.screening_passed)
precondition(EnrolmentState.REJECTED)(policy.screening_failed)
precondition(EnrolmentState.RESULTS)(policy.outputs_delivered)
