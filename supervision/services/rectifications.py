"""Rectification requests: the regulator asks a party after a visit; the party answers with evidence; the
regulator closes the request or sends it back with a comment, and the party answers again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from assistance.services.checks import check_upload
from portal.files import PHOTOS_AND_DOCUMENTS, original_name
from portal.scoping import ensure_still_visible
from portal.services import Errors, lock_current, require_perm, row_update, save_with_history
from supervision import notices
from supervision.models import (
    RectificationAnswer,
    RectificationEvidence,
    RectificationRequest,
    RectificationState,
    RoundState,
    SupervisionVisit,
)
from supervision.policy import answer_refusal, due_date_error, review_refusal
from supervision.services.visits import party_fields

MAX_EVIDENCE_FILES = 10


def request_check(*, visit: SupervisionVisit, party=None, asked: str | None, due_on: date | None) -> None:
    errors = Errors()
    if visit.round.state != RoundState.OPEN:
        errors.add(None, _("This round is closed; no more rectifications are asked in it."))
    if party is not None and party.tenant_id != visit.round.campaign.tenant_id:
        errors.add("party", _("Choose whom the rectification is asked of."))
    if asked is not None and not asked.strip():
        errors.add("asked", _("Say what is asked."))
    if due_on is not None:
        message = due_date_error(visit.visited_on, due_on)
        if message:
            errors.add("due_on", message)
    errors.raise_if_any()


def request_create(*, visit: SupervisionVisit, party, asked: str, due_on: date, acting_user) -> RectificationRequest:
    """四(二): a rectification asked of ``party`` (a member unit, an enterprise or a certification body) after
    ``visit``; the party is notified."""
    require_perm(acting_user, "supervision.add_supervisionvisit", visit.round)
    request_check(visit=visit, party=party, asked=asked, due_on=due_on)
    with transaction.atomic():
        row = RectificationRequest(
            visit=visit,
            campaign_id=visit.round.campaign_id,
            asked=asked.strip(),
            due_on=due_on,
            created_by=acting_user,
            **party_fields(party),
        )
        save_with_history(row, acting_user=acting_user)
        ensure_still_visible(row, acting_user)
        notices.request_made(row, actor=acting_user)
    return row


def answer_check(*, request: RectificationRequest, text: str | None, files: Iterable | None) -> None:
    """Every check of ``request_answer`` on what was typed and chosen; writes nothing."""
    errors = Errors()
    if text is not None and not text.strip():
        errors.add("text", _("Say what was done to rectify."))
    if files is not None:
        files = list(files)
        if not files:
            errors.add("files", _("Attach at least one file as evidence of the rectification."))
        elif len(files) > MAX_EVIDENCE_FILES:
            errors.add("files", _("Attach at most %(count)s files to one answer.") % {"count": MAX_EVIDENCE_FILES})
        else:
            for upload in files:
                with errors.collect():
                    check_upload(upload, "files", PHOTOS_AND_DOCUMENTS)
    errors.raise_if_any()


def request_answer(
    *, request: RectificationRequest, text: str, files: Iterable, expected_version: int | None, acting_user
) -> RectificationAnswer:
    """四(二): the party asked answers with what it did and at least one evidence file; the request becomes
    answered and the regulator is notified. Refused for anyone but the party, and unless open or sent back."""
    require_perm(acting_user, "supervision.answer_rectification", request)
    files = list(files)
    answer_check(request=request, text=text, files=files)
    with transaction.atomic():
        row = lock_current(RectificationRequest, request.pk, expected_version)
        refusal = answer_refusal(scope_of(acting_user), row)
        if refusal:
            raise ValidationError(refusal, code="state")
        answer = RectificationAnswer.objects.create(request=row, text=text.strip(), answered_by=acting_user)
        for upload in files:
            RectificationEvidence.objects.create(answer=answer, file=upload, original_name=original_name(upload))
        row_update(row, data={"state": RectificationState.ANSWERED}, acting_user=acting_user)
        notices.answer_arrived(row, actor=acting_user)
    return answer


def _review(request: RectificationRequest, expected_version: int | None, acting_user) -> RectificationRequest:
    require_perm(acting_user, "supervision.review_rectification", request)
    row = lock_current(RectificationRequest, request.pk, expected_version)
    refusal = review_refusal(row)
    if refusal:
        raise ValidationError(refusal, code="state")
    return row


def request_close(
    *, request: RectificationRequest, comment: str = "", expected_version: int | None, acting_user
) -> RectificationRequest:
    """The regulator accepts the answer and closes the request."""
    with transaction.atomic():
        row = _review(request, expected_version, acting_user)
        return row_update(
            row,
            data={
                "state": RectificationState.CLOSED,
                "closing_comment": (comment or "").strip(),
                "closed_by": acting_user,
                "closed_at": timezone.now(),
            },
            acting_user=acting_user,
        )


def request_return(
    *, request: RectificationRequest, comment: str, expected_version: int | None, acting_user
) -> RectificationRequest:
    """The regulator sends the answer back with a comment (required); the party is notified and answers again."""
    if not (comment or "").strip():
        # Checked before the permission only for the message; the permission is checked in _review below.
        if not acting_user.has_perm("supervision.review_rectification", request):
            raise PermissionDenied
        raise ValidationError({"comment": _("Say why the answer is sent back.")})
    with transaction.atomic():
        row = _review(request, expected_version, acting_user)
        row = row_update(
            row,
            data={
                "state": RectificationState.RETURNED,
                "return_comment": comment.strip(),
                "returned_count": row.returned_count + 1,
            },
            acting_user=acting_user,
            reason=comment.strip()[:100],
        )
        notices.request_returned(row, actor=acting_user)
        return row
