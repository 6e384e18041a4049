"""An enterprise's complaints about a certification body (五(二)2: 收到企业投诉): filed to the regulator, forwarded to
the body, answered by it, closed by the regulator.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from assistance.models import CertificationBody
from enterprises.models import Complaint, ComplaintOutcome, ComplaintState, Enterprise
from portal.scoping import ensure_still_visible
from portal.services import Errors, lock_current, require_perm, save_with_history, stale_error


def complaint_file(
    *, enterprise: Enterprise, body: CertificationBody, subject: str, text: str, acting_user
) -> Complaint:
    """The enterprise complains to the regulator; the body does not see it until the regulator forwards it."""
    require_perm(acting_user, "enterprises.file_complaint", enterprise)
    scope = scope_of(acting_user)
    if scope is None or enterprise.pk != scope.enterprise_id:
        raise PermissionDenied
    if not CertificationBody.objects.visible_to(acting_user).filter(pk=body.pk).exists():
        raise ValidationError({"body": _("Choose a certification body of your city.")})
    subject, text = (subject or "").strip(), (text or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Say in a few words what the complaint is about.")
    if len(text) < 10:
        errors["text"] = _("Describe what happened (at least 10 characters).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # select_for_update on the enterprise: a double-submitted complaint is found by the second request.
        lock_current(Enterprise, enterprise.pk, None)
        open_same = Complaint.objects.filter(enterprise=enterprise, body=body, subject=subject).exclude(
            state=ComplaintState.CLOSED
        )
        if open_same.exists():
            raise ValidationError(
                {"subject": _("You have already filed this complaint; it is being handled.")}, code="duplicate"
            )
        complaint = Complaint(enterprise=enterprise, body=body, subject=subject, text=text, submitted_by=acting_user)
        save_with_history(complaint, acting_user=acting_user)
        ensure_still_visible(complaint, acting_user)
    return complaint


def _lock_complaint(complaint: Complaint) -> Complaint:
    # Locked: the regulator and the body act on the same complaint; each acts on the state it saw. (A complaint has no
    # version column: its state, checked next, is what a second action would find changed.)
    return lock_current(Complaint, complaint.pk, None)


def _require_complaint_state(complaint: Complaint, *states: str) -> None:
    if complaint.state not in states:
        raise ValidationError(
            _("This complaint is “%(state)s”; that cannot be done now.") % {"state": complaint.get_state_display()},
            code="invalid_state",
        )


def complaint_forward(*, complaint: Complaint, acting_user) -> Complaint:
    """submitted → forwarded by the regulator: the certification body now sees the complaint and may respond."""
    require_perm(acting_user, "enterprises.forward_complaint", complaint)
    with transaction.atomic():
        row = _lock_complaint(complaint)
        _require_complaint_state(row, ComplaintState.SUBMITTED)
        row.state = ComplaintState.FORWARDED
        row.forwarded_at = timezone.now()
        row.handled_by = acting_user
        save_with_history(row, acting_user=acting_user, reason="forwarded")
        ensure_still_visible(row, acting_user)
    return row


def complaint_respond(*, complaint: Complaint, response: str, expected_response: str, acting_user) -> Complaint:
    """The body's manager answers a forwarded complaint. ``expected_response`` is the answer the manager started
    from, so a colleague's answer saved meanwhile is not overwritten unseen."""
    require_perm(acting_user, "enterprises.respond_complaint", complaint)
    response = (response or "").strip()
    if len(response) < 2:
        raise ValidationError({"response": _("Write your response.")})
    with transaction.atomic():
        row = _lock_complaint(complaint)
        _require_complaint_state(row, ComplaintState.FORWARDED)
        if row.body_response != (expected_response or ""):
            raise stale_error()
        row.body_response = response
        save_with_history(row, acting_user=acting_user, reason="responded")
        ensure_still_visible(row, acting_user)
    return row


def complaint_close_check(*, note: str | None, outcome: str | None) -> None:
    """Every check of ``complaint_close`` that needs no lock, all at once: ValidationError carrying each mistake at
    its field. Writes nothing; a value the form refused is None and its check is skipped."""
    errors = Errors()
    if note is not None and len(note.strip()) < 2:
        errors.add("note", _("Write how the complaint was handled; the enterprise reads this note."))
    if outcome is not None and outcome not in ComplaintOutcome.values:
        errors.add("outcome", _("Choose how the complaint ended: upheld, partly upheld or not upheld."))
    errors.raise_if_any()


def complaint_close(*, complaint: Complaint, note: str, outcome: str, acting_user) -> Complaint:
    """The regulator closes a submitted or forwarded complaint with its outcome (upheld, partly upheld, not upheld:
    五(二)2 counts the upheld ones) and a note the enterprise reads (at least 2 characters)."""
    require_perm(acting_user, "enterprises.close_complaint", complaint)
    note, outcome = (note or "").strip(), (outcome or "").strip()
    complaint_close_check(note=note, outcome=outcome)
    with transaction.atomic():
        row = _lock_complaint(complaint)
        _require_complaint_state(row, ComplaintState.SUBMITTED, ComplaintState.FORWARDED)
        row.state = ComplaintState.CLOSED
        row.regulator_note = note
        row.outcome = outcome
        row.handled_by = acting_user
        save_with_history(row, acting_user=acting_user, reason="closed")
        ensure_still_visible(row, acting_user)
    return row
