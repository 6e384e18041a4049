"""The checks every record of the expert's work on an enrolment shares: the enrolment lock, the work date inside the
assistance phase, the upload, and trimming what was typed."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campaign.models import Campaign, PhaseKind
from enterprises.models import Enrolment
from enterprises.policy import EnrolmentRecord, enrolment_write_check
from portal.files import DOCUMENTS, validate_upload


def lock_enrolment(enrolment: Enrolment) -> Enrolment:
    """The enrolment row, locked for this transaction (call inside ``transaction.atomic()``); ValidationError once
    it has ended (enterprises.policy.enrolment_write_refusal)."""
    # select_for_update on the enrolment: two submissions of one form for the same enterprise (a double tap on a
    # phone, two tabs) run one after the other, so the second finds the first's row and is refused, not doubled.
    row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    enrolment_write_check(row, EnrolmentRecord.WORK)  # an ended enrolment's work records are read-only
    return row


def assistance_opens_on(campaign: Campaign) -> date | None:
    """The first day of the campaign's assistance phase (帮扶提升阶段); reads prefetched phases when there are."""
    return next((p.starts_on for p in campaign.phases.all() if p.kind == PhaseKind.ASSISTANCE), None)


def check_work_date(campaign: Campaign, day: date, field: str, *, what: str) -> None:
    """四(二): work on an enterprise happens in the assistance phase, and is recorded once it has happened.
    Raises ValidationError on ``field`` otherwise."""
    opens_on = assistance_opens_on(campaign)
    if opens_on is not None and day < opens_on:
        raise ValidationError(
            {
                field: _("The %(what)s cannot be before the assistance phase opens (%(date)s).")
                % {"what": what, "date": date_format(opens_on, "DATE_FORMAT")}
            }
        )
    if day > timezone.localdate():
        raise ValidationError(
            {field: _("The %(what)s cannot be in the future; record it once it has happened.") % {"what": what}}
        )


def check_upload(upload, field: str, kinds=DOCUMENTS) -> None:
    """By content, size and zip structure, before anything is written (the forms check it too, at the field).
    Raises ValidationError on ``field``."""
    try:
        validate_upload(upload, kinds=kinds)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def clean(text: str | None) -> str:
    """What was typed, without surrounding blanks ("" for None)."""
    return (text or "").strip()
