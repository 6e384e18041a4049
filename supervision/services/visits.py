"""Supervision visits: the regulator records a visit to a district, an enterprise or a certification body, with
what was seen, its findings and files, and (in the same form) a rectification asked of the party visited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assistance.services.checks import check_upload
from campaign.policy import campaign_write_check
from portal.files import PHOTOS_AND_DOCUMENTS, original_name
from portal.scoping import ensure_still_visible
from portal.services import Errors, require_perm, save_with_history
from supervision.models import PartyKind, RoundState, SupervisionRound, SupervisionVisit, SupervisionVisitFile
from supervision.policy import due_date_error, visit_date_error

MAX_VISIT_FILES = 10


def party_fields(party) -> dict:
    """{"member_unit": …} / {"enterprise": …} / {"body": …} for a party row."""
    from assistance.models import CertificationBody
    from campaign.models import MemberUnit
    from enterprises.models import Enterprise

    if isinstance(party, MemberUnit):
        return {"member_unit": party}
    if isinstance(party, Enterprise):
        return {"enterprise": party}
    if isinstance(party, CertificationBody):
        return {"body": party}
    raise ValueError(f"not a supervision party: {party!r}")


def party_tenant_id(party) -> int:
    return party.tenant_id


def visit_check(
    *,
    round: SupervisionRound,
    visited_on: date | None,
    target=None,
    staff: Sequence | None = None,
    observations: str | None = None,
    files: Iterable | None = None,
    asked: str | None = None,
    due_on: date | None = None,
) -> None:
    """Every check of ``visit_record`` at once, each at its field; writes nothing. None: refused by the form."""
    errors = Errors()
    if not round.is_open:
        errors.add(None, _("This round is closed; no more visits are recorded in it."))
    if visited_on is not None:
        message = visit_date_error(round.campaign, visited_on)
        if message:
            errors.add("visited_on", message)
    if target is not None and party_tenant_id(target) != round.campaign.tenant_id:
        errors.add("target", _("Choose whom the visit went to."))
    if staff is not None and not list(staff):
        errors.add("staff", _("Name at least one member of staff who went."))
    if observations is not None and not observations.strip():
        errors.add("observations", _("Say what was seen."))
    files = list(files or ())
    if len(files) > MAX_VISIT_FILES:
        errors.add("files", _("Attach at most %(count)s files to one visit.") % {"count": MAX_VISIT_FILES})
    else:
        for upload in files:
            with errors.collect():
                check_upload(upload, "files", PHOTOS_AND_DOCUMENTS)
    if asked and asked.strip() and due_on is None and "due_on" not in errors:
        errors.add("due_on", _("Give the date by which the rectification is due."))
    if due_on is not None and not (asked or "").strip():
        errors.add("asked", _("Say what is asked, or leave the due date empty."))
    if due_on is not None and visited_on is not None:
        message = due_date_error(visited_on, due_on)
        if message:
            errors.add("due_on", message)
    errors.raise_if_any()


def visit_record(
    *,
    round: SupervisionRound,
    target,
    visited_on: date,
    staff: Sequence,
    observations: str,
    findings: str = "",
    internal_notes: str = "",
    files: Iterable = (),
    asked: str = "",
    due_on: date | None = None,
    acting_user,
) -> SupervisionVisit:
    """四(二): a visit by regulator staff, and, when ``asked`` is given, one rectification asked of the party visited
    (more are added from the visit's page)."""
    from supervision.services.rectifications import request_create

    require_perm(acting_user, "supervision.add_supervisionvisit", round)
    campaign_write_check(round.campaign)
    files = list(files)
    staff = list(staff)
    visit_check(
        round=round,
        visited_on=visited_on,
        target=target,
        staff=staff,
        observations=observations,
        files=files,
        asked=asked,
        due_on=due_on,
    )
    with transaction.atomic():
        locked = SupervisionRound._base_manager.select_for_update().get(pk=round.pk)
        if locked.state != RoundState.OPEN:
            raise ValidationError(_("This round is closed; no more visits are recorded in it."), code="closed")
        visit = SupervisionVisit(
            round=round,
            visited_on=visited_on,
            observations=observations.strip(),
            findings=(findings or "").strip(),
            internal_notes=(internal_notes or "").strip(),
            created_by=acting_user,
            **party_fields(target),
        )
        save_with_history(visit, acting_user=acting_user)
        visit.staff.set(staff)
        for upload in files:
            SupervisionVisitFile.objects.create(
                visit=visit, file=upload, original_name=original_name(upload), uploaded_by=acting_user
            )
        if asked and asked.strip() and due_on is not None:
            request_create(visit=visit, party=target, asked=asked, due_on=due_on, acting_user=acting_user)
        ensure_still_visible(visit, acting_user)
    return visit


__all__ = ["PartyKind", "party_fields", "visit_check", "visit_record"]
