"""The enrolment lifecycle (DESIGN.md §5): the one place an enrolment's state changes.

``enrolment_advance`` checks, in order: the transition exists from the current state (django-fsm), the acting user
may make it (``rules``: enterprises.advance_enrolment_to_<state>), and every precondition registered for the target
state holds. A precondition is a function of the enrolment that returns None when satisfied, or the Chinese message
that says what is missing; apps register them with ``@precondition(state)`` (the assistance app wires R7 and the
assignment/diagnosis/plan checks from its AppConfig.ready). Every move is logged with who, when and why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from enterprises.models import Enrolment, EnrolmentState, EnrolmentTransition
from portal.scoping import ensure_still_visible

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
    return [message for check in _PRECONDITIONS.get(state, []) if (message := check(enrolment))]


def _method_for(state: str):
    return f"to_{state}"


def available_transitions(enrolment: Enrolment, user) -> list[str]:
    """Target states the user may try from here (preconditions are checked, and explained, when they try)."""
    targets = [t.target for t in enrolment.get_available_state_transitions()]
    return [state for state in targets if user.has_perm(f"enterprises.advance_enrolment_to_{state}", enrolment)]


def enrolment_advance(*, enrolment: Enrolment, to: str, acting_user, reason: str = "") -> Enrolment:
    """Move ``enrolment`` to state ``to``; raises ValidationError with what is missing, or PermissionDenied."""
    if to not in EnrolmentState.values:
        raise ValidationError(_("Unknown state."))
    if not acting_user.has_perm(f"enterprises.advance_enrolment_to_{to}", enrolment):
        raise PermissionDenied
    reason = (reason or "").strip()
    if to in (EnrolmentState.WITHDRAWN, EnrolmentState.REJECTED) and len(reason) < 2:
        raise ValidationError({"reason": _("Give the reason; it is kept with the enrolment.")})
    with transaction.atomic():
        # select_for_update: two people moving the same enrolment at once must not both succeed from one state.
        row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
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
        row._history_user = acting_user
        if reason:
            row._change_reason = reason
        row.save()
        EnrolmentTransition.objects.create(
            enrolment=row, from_state=from_state, to_state=to, by=acting_user, reason=reason
        )
        ensure_still_visible(row, acting_user)
    return row


def enrolment_withdraw(*, enrolment: Enrolment, reason: str, acting_user) -> Enrolment:
    """Withdrawal from any state that has not ended, with a reason (DESIGN.md §5)."""
    return enrolment_advance(enrolment=enrolment, to=EnrolmentState.WITHDRAWN, acting_user=acting_user, reason=reason)
