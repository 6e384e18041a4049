"""Writes of the mid-term (四(二)): taking the snapshot, recording the 中期推动会 and its next steps (STYLE.md §4).

Each service owns its transaction, takes ``acting_user`` and checks its per-object permission
(``evaluation.permissions``). A snapshot is only ever created: nothing here (nor anywhere) updates one. Business errors
are ``ValidationError`` with Chinese messages keyed by form field, so a form shows them and keeps what was typed.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assistance.models import CertificationBody
from campaign.models import Campaign, MemberUnit
from campaign.policy import campaign_starts_on, campaign_write_check
from evaluation.models import MidtermMeeting, MidtermSnapshot, NextStep, NextStepOwner
from evaluation.selectors.figures import city_figures
from portal.scoping import ensure_still_visible
from portal.services import Errors, lock_current, model_update, require_perm, row_update, save_with_history


def snapshot_take(
    *, campaign: Campaign, token: uuid.UUID, acting_user, today: date | None = None
) -> tuple[MidtermSnapshot, bool]:
    """四(二): freeze the campaign's figures as of ``today`` (default: today in Asia/Shanghai) in a new snapshot with
    the next number. Returns (snapshot, created).

    ``token`` is the idempotency key the form carried (generated when the page was shown): the same token again — a
    double click, a second concurrent POST — returns the snapshot it already made, with created False, and takes no
    second one. PermissionDenied unless ``evaluation.take_snapshot`` on the campaign (the regulator)."""
    require_perm(acting_user, "evaluation.take_snapshot", campaign)
    today = today or timezone.localdate()
    campaign_write_check(campaign, today)
    existing = MidtermSnapshot.objects.filter(campaign=campaign, token=token).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            # select_for_update on the campaign: two snapshots taken at once get numbers one after the other, and a
            # second POST of the same token waits here, then finds the first one's row below.
            Campaign._base_manager.select_for_update().get(pk=campaign.pk)
            existing = MidtermSnapshot.objects.filter(campaign=campaign, token=token).first()
            if existing is not None:
                return existing, False
            last = MidtermSnapshot.objects.filter(campaign=campaign).aggregate(n=Max("sequence"))["n"] or 0
            # The rule's words are stored in the portal's language whatever the language of the request.
            with translation.override(settings.LANGUAGE_CODE):
                figures = city_figures(campaign, today).as_dict()
            snapshot = MidtermSnapshot.objects.create(
                campaign=campaign,
                sequence=last + 1,
                token=token,
                as_of=today,
                taken_by=acting_user,
                figures=figures,
            )
            ensure_still_visible(snapshot, acting_user)
    except IntegrityError:  # a concurrent POST of the same token committed first (databases without row locks)
        return MidtermSnapshot.objects.get(campaign=campaign, token=token), False
    return snapshot, True


# --- The mid-term meeting (中期推动会) -------------------------------------------------------------------------------


def meeting_check(*, campaign: Campaign, held_on: date | None, today: date | None = None) -> None:
    """The checks on what was typed for a meeting (the date; None when the form refused it). Writes nothing."""
    if held_on is None:
        return
    today = today or timezone.localdate()
    starts_on = campaign_starts_on(campaign)
    if starts_on is not None and held_on < starts_on:
        raise ValidationError(
            {
                "held_on": _("The meeting cannot be before the campaign starts (%(date)s).")
                % {"date": date_format(starts_on)}
            }
        )
    if held_on > today:
        raise ValidationError({"held_on": _("The meeting date cannot be in the future; record it once it is held.")})


def _meeting_data(*, held_on, place, attendance, attendees, notes, minutes, minutes_name) -> dict[str, Any]:
    data = {
        "held_on": held_on,
        "place": place.strip(),
        "attendance": attendance,
        "attendees": attendees.strip(),
        "notes": notes.strip(),
    }
    if minutes:
        data |= {"minutes": minutes, "minutes_name": minutes_name}
    return data


def meeting_record(
    *,
    campaign: Campaign,
    held_on: date,
    place: str,
    attendance: int,
    attendees: str = "",
    notes: str = "",
    minutes=None,
    minutes_name: str = "",
    acting_user,
    today: date | None = None,
) -> MidtermMeeting:
    """四(二): the regulator records the campaign's mid-term meeting (one per campaign)."""
    require_perm(acting_user, "evaluation.record_meeting", campaign)
    campaign_write_check(campaign, today)
    meeting_check(campaign=campaign, held_on=held_on, today=today)
    already = _("The mid-term meeting of this campaign is already recorded; edit that record instead.")
    data = _meeting_data(
        held_on=held_on,
        place=place,
        attendance=attendance,
        attendees=attendees,
        notes=notes,
        minutes=minutes,
        minutes_name=minutes_name,
    )
    try:
        with transaction.atomic():
            if MidtermMeeting.objects.filter(campaign=campaign).exists():
                raise ValidationError(already, code="duplicate")
            meeting = MidtermMeeting(campaign=campaign, recorded_by=acting_user, **data)
            save_with_history(meeting, acting_user=acting_user)
            ensure_still_visible(meeting, acting_user)
    except IntegrityError:  # a double submission raced past the exists() check; the first one won
        raise ValidationError(already, code="duplicate") from None
    return meeting


def meeting_update(
    *,
    meeting: MidtermMeeting,
    held_on: date,
    place: str,
    attendance: int,
    attendees: str = "",
    notes: str = "",
    minutes=None,
    minutes_name: str = "",
    expected_version: int | None,
    acting_user,
) -> MidtermMeeting:
    """The regulator corrects the meeting record; code "stale" when it changed since ``expected_version``."""
    require_perm(acting_user, "evaluation.change_midtermmeeting", meeting.campaign)
    campaign_write_check(meeting.campaign)
    meeting_check(campaign=meeting.campaign, held_on=held_on)
    data = _meeting_data(
        held_on=held_on,
        place=place,
        attendance=attendance,
        attendees=attendees,
        notes=notes,
        minutes=minutes,
        minutes_name=minutes_name,
    )
    return model_update(meeting, data=data, expected_version=expected_version, acting_user=acting_user)


# --- Next steps -------------------------------------------------------------------------------------------------


def next_step_check(
    *,
    meeting: MidtermMeeting,
    owner_kind: str | None,
    member_unit: MemberUnit | None,
    body: CertificationBody | None,
    due_on: date | None,
) -> dict[str, Any]:
    """Every mistake in a next step at once; returns the owner fields to store. Writes nothing."""
    errors = Errors()
    tenant_id = meeting.campaign.tenant_id
    owner: dict[str, Any] = {"owner_kind": owner_kind, "member_unit": None, "body": None}
    if owner_kind == NextStepOwner.MEMBER_UNIT:
        if member_unit is None or member_unit.tenant_id != tenant_id:
            errors.add("member_unit", _("Choose the member unit that owns this step."))
        owner["member_unit"] = member_unit
    elif owner_kind == NextStepOwner.BODY:
        if body is None or body.tenant_id != tenant_id:
            errors.add("body", _("Choose the certification body that owns this step."))
        owner["body"] = body
    elif owner_kind != NextStepOwner.REGULATOR:
        errors.add("owner_kind", _("Choose who owns this step."))
    if due_on is not None and due_on < meeting.held_on:
        errors.add(
            "due_on",
            _("A next step cannot be due before the meeting that assigned it (%(date)s).")
            % {"date": date_format(meeting.held_on)},
        )
    errors.raise_if_any()
    return owner


def next_step_add(
    *,
    meeting: MidtermMeeting,
    what: str,
    owner_kind: str,
    member_unit: MemberUnit | None = None,
    body: CertificationBody | None = None,
    due_on: date,
    acting_user,
) -> NextStep:
    """四(二): a next step the meeting assigned, to a member unit, a certification body or the regulator itself."""
    require_perm(acting_user, "evaluation.change_nextstep")
    if not acting_user.has_perm("evaluation.change_midtermmeeting", meeting.campaign):
        raise PermissionDenied
    campaign_write_check(meeting.campaign)
    owner = next_step_check(meeting=meeting, owner_kind=owner_kind, member_unit=member_unit, body=body, due_on=due_on)
    with transaction.atomic():
        step = NextStep(meeting=meeting, what=what.strip(), due_on=due_on, **owner)
        save_with_history(step, acting_user=acting_user)
        ensure_still_visible(step, acting_user)
        _notify_owner(step, acting_user)
    return step


def next_step_owner_users(step: NextStep):
    """The users who act on a next step: the member unit's staff or the body's managers (the regulator's own steps
    are its own business: nobody is notified)."""
    from notifications.recipients import body_managers, member_unit_users

    if step.member_unit_id is not None:
        return member_unit_users(step.member_unit)
    if step.body_id is not None:
        return body_managers(step.body)
    return []


def _notify_owner(step: NextStep, acting_user) -> None:
    """四(二): the owner finds the step on its notification list (and home page); e-mailed after commit."""
    from notifications.models import NotificationKind
    from notifications.services.notifications import notify

    notify(
        recipients=next_step_owner_users(step),
        kind=NotificationKind.NEXT_STEP,
        title=_("The mid-term meeting assigned you a next step, due %(date)s") % {"date": date_format(step.due_on)},
        body=step.what,
        url=reverse("evaluation:next-step-list"),
        key=f"next-step:{step.pk}",
        campaign=step.meeting.campaign,
        actor=acting_user,
    )


def next_step_update(
    *,
    step: NextStep,
    what: str,
    owner_kind: str,
    member_unit: MemberUnit | None = None,
    body: CertificationBody | None = None,
    due_on: date,
    expected_version: int | None,
    acting_user,
) -> NextStep:
    """The regulator changes a next step (what, owner, due date); code "stale" when it changed meanwhile."""
    require_perm(acting_user, "evaluation.change_nextstep", step)
    campaign_write_check(step.meeting.campaign)
    owner = next_step_check(
        meeting=step.meeting, owner_kind=owner_kind, member_unit=member_unit, body=body, due_on=due_on
    )
    data = {"what": what.strip(), "due_on": due_on, **owner}
    return model_update(step, data=data, expected_version=expected_version, acting_user=acting_user)


def next_step_set_done(*, step: NextStep, done: bool, expected_version: int | None, acting_user) -> NextStep:
    """The owner (or the regulator) marks a next step done, or not done after all; records who and when."""
    require_perm(acting_user, "evaluation.complete_nextstep", step)
    campaign_write_check(step.meeting.campaign)
    with transaction.atomic():
        row = lock_current(NextStep, step.pk, expected_version)
        if row.done == done:
            return row
        data: dict[str, Any] = {"done": done, "done_at": timezone.now() if done else None}
        data["done_by"] = acting_user if done else None
        return row_update(row, data=data, acting_user=acting_user)
