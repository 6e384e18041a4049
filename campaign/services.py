"""Writes to the campaign, its calendar and kickoff meetings (STYLE.md §4).

Each service owns its transaction, takes ``acting_user``, and writes through the kernel (``portal.services``):
``require_perm`` for the per-object permission (campaign.permissions), ``model_update`` or ``lock_current`` for the
optimistic lock (code "stale" when the row moved on), ``save_with_history`` for who/when/why, and a re-check inside
the transaction that the row is still the writer's. R9 is decided by ``campaign.policy.kickoff_standing``.
Business errors are ``ValidationError`` with Chinese messages keyed by form field, so a form shows them at the field
and keeps what was typed.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, Min, OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from campaign.models import (
    Campaign,
    Deadline,
    DeadlineKind,
    KickoffMeeting,
    KickoffReminder,
    MemberUnit,
    Phase,
    PhaseKind,
)
from campaign.policy import (
    KickoffStanding,
    campaign_ends_on,
    campaign_starts_on,
    campaign_write_check,
    deadline_date_error,
    kickoff_standing,
)
from portal.scoping import ensure_still_visible
from portal.services import lock_current, model_update, require_perm, row_update, save_with_history


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": _("Give the reason for this change; it is kept in the change history.")})
    return reason


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def campaign_create(
    *,
    tenant,
    year: int,
    title: str,
    document_number: str,
    phases: dict[str, tuple[date, date]],
    deadlines: dict[str, date],
    acting_user=None,
) -> Campaign:
    """A campaign with its whole calendar (used for a tenant's first campaign; later years are cloned)."""
    missing = [kind for kind in PhaseKind.values if kind not in phases]
    if missing:
        raise ValidationError(_("Every phase needs dates."))
    with transaction.atomic():
        if Campaign.objects.filter(tenant=tenant, year=year).exists():
            raise ValidationError({"year": _("A campaign for %(year)s already exists.") % {"year": year}})
        campaign = Campaign(tenant=tenant, year=year, title=title, document_number=document_number)
        save_with_history(campaign, acting_user=acting_user)
        for kind, (starts_on, ends_on) in phases.items():
            _check_phase_dates(campaign, starts_on, ends_on)
            save_with_history(
                Phase(campaign=campaign, kind=kind, starts_on=starts_on, ends_on=ends_on),
                acting_user=acting_user,
            )
        for kind, due_on in deadlines.items():
            save_with_history(Deadline(campaign=campaign, kind=kind, due_on=due_on), acting_user=acting_user)
    return campaign


def campaign_update(
    *, campaign: Campaign, title: str, document_number: str, expected_version: int | None, acting_user
) -> Campaign:
    """The regulator renames its campaign or sets the work plan's document number (津质认联〔2023〕2号); returns the
    saved row. PermissionDenied unless ``campaign.change_campaign``; ValidationError at "title" when it is blank, or
    with code "stale" when the campaign changed since ``expected_version`` was read."""
    require_perm(acting_user, "campaign.change_campaign", campaign)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("The campaign needs a title.")})
    return model_update(
        campaign,
        data={"title": title, "document_number": (document_number or "").strip()},
        expected_version=expected_version,
        acting_user=acting_user,
    )


REOPEN_REASON_MAX = 100  # simple-history's change-reason column


def campaign_reopen(
    *, campaign: Campaign, until: date, reason: str, expected_version: int | None, acting_user
) -> Campaign:
    """DESIGN.md §5: the regulator reopens a finished campaign for writes until ``until`` (inclusive), with a reason
    kept on the campaign and in its history (campaign.policy.campaign_write_refusal reads it). Reopening again moves
    the day; a day in the past closes it again. PermissionDenied unless ``campaign.change_campaign``; ValidationError
    at "reason" or "until", or with code "stale"."""
    require_perm(acting_user, "campaign.change_campaign", campaign)
    reason = _clean_reason(reason)
    if len(reason) > REOPEN_REASON_MAX:
        raise ValidationError({"reason": _("Keep the reason to %(max)s characters.") % {"max": REOPEN_REASON_MAX}})
    with transaction.atomic():
        row = lock_current(Campaign, campaign.pk, expected_version)
        ends_on = campaign_ends_on(row)
        if ends_on is None or until <= ends_on:
            raise ValidationError(
                {
                    "until": _("Choose a day after the campaign's last phase ends (%(date)s).")
                    % {"date": date_format(ends_on)}
                }
                if ends_on
                else {"until": _("The campaign has no phases yet.")}
            )
        return row_update(
            row, data={"reopened_until": until, "reopened_reason": reason}, acting_user=acting_user, reason=reason
        )


def _check_phase_dates(campaign: Campaign, starts_on: date, ends_on: date) -> None:
    errors = {}
    if starts_on.year != campaign.year:
        errors["starts_on"] = _("The date must fall in %(year)s.") % {"year": campaign.year}
    if ends_on.year != campaign.year:
        errors["ends_on"] = _("The date must fall in %(year)s.") % {"year": campaign.year}
    if not errors and ends_on < starts_on:
        errors["ends_on"] = _("The end date cannot be before the start date.")
    if errors:
        raise ValidationError(errors)


def phase_reschedule(
    *, phase: Phase, starts_on: date, ends_on: date, reason: str, expected_version: int | None, acting_user
) -> Phase:
    """Move a phase's dates. The reason is kept in the change history next to who and when."""
    require_perm(acting_user, "campaign.change_campaign", phase.campaign)
    reason = _clean_reason(reason)
    _check_phase_dates(phase.campaign, starts_on, ends_on)
    with transaction.atomic():
        # lock_current + row_update: "unchanged" is judged on the locked, current row, between the lock and the write.
        row = lock_current(Phase, phase.pk, expected_version)
        if (row.starts_on, row.ends_on) == (starts_on, ends_on):
            raise ValidationError(_("The dates are unchanged."))
        return row_update(
            row, data={"starts_on": starts_on, "ends_on": ends_on}, acting_user=acting_user, reason=reason
        )


def deadline_move(
    *, deadline: Deadline, due_on: date, reason: str, expected_version: int | None, acting_user
) -> Deadline:
    """Extend (or correct) a deadline. The reason is kept in the change history next to who and when."""
    require_perm(acting_user, "campaign.change_campaign", deadline.campaign)
    reason = _clean_reason(reason)
    if due_on.year != deadline.campaign.year:
        raise ValidationError({"due_on": _("The date must fall in %(year)s.") % {"year": deadline.campaign.year}})
    with transaction.atomic():
        # lock_current + row_update: "unchanged" is judged on the locked, current row, between the lock and the write.
        row = lock_current(Deadline, deadline.pk, expected_version)
        if error := deadline_date_error(row.campaign, due_on):
            raise ValidationError({"due_on": error})
        if row.due_on == due_on:
            raise ValidationError({"due_on": _("The date is unchanged.")})
        return row_update(row, data={"due_on": due_on}, acting_user=acting_user, reason=reason)


def campaign_clone(*, source: Campaign, year: int, document_number: str, acting_user) -> Campaign:
    """Next year's campaign: the same calendar with every date moved by the difference in years."""
    require_perm(acting_user, "campaign.change_campaign", source)
    if year <= source.year:
        raise ValidationError(
            {"year": _("The new campaign must be for a year after %(year)s.") % {"year": source.year}}
        )
    years = year - source.year
    title = source.title.replace(str(source.year), str(year))
    if title == source.title:
        title = f"{year} {source.title}"
    try:
        with transaction.atomic():
            if Campaign.objects.filter(tenant_id=source.tenant_id, year=year).exists():
                raise ValidationError({"year": _("A campaign for %(year)s already exists.") % {"year": year}})
            campaign = Campaign(
                tenant_id=source.tenant_id,
                year=year,
                title=title,
                document_number=(document_number or "").strip(),
                cloned_from=source,
            )
            save_with_history(
                campaign, acting_user=acting_user, reason=_("Cloned from %(year)s") % {"year": source.year}
            )
            for phase in source.phases.all():
                save_with_history(
                    Phase(
                        campaign=campaign,
                        kind=phase.kind,
                        starts_on=_shift_year(phase.starts_on, years),
                        ends_on=_shift_year(phase.ends_on, years),
                    ),
                    acting_user=acting_user,
                )
            for deadline in source.deadlines.all():
                save_with_history(
                    Deadline(campaign=campaign, kind=deadline.kind, due_on=_shift_year(deadline.due_on, years)),
                    acting_user=acting_user,
                )
            ensure_still_visible(campaign, acting_user)
    except IntegrityError:  # a double click raced past the exists() check
        raise ValidationError({"year": _("A campaign for %(year)s already exists.") % {"year": year}}) from None
    return campaign


def _check_kickoff_date(campaign: Campaign, held_on: date) -> None:
    starts_on = campaign_starts_on(campaign)
    today = timezone.localdate()
    if starts_on and held_on < starts_on:
        raise ValidationError(
            {
                "held_on": _("The kickoff cannot be before the campaign starts (%(date)s).")
                % {"date": date_format(starts_on, "DATE_FORMAT")}
            }
        )
    if held_on > today:
        raise ValidationError({"held_on": _("The kickoff date cannot be in the future; record it once it is held.")})


def kickoff_check(*, campaign: Campaign, held_on: date | None) -> None:
    """The checks of ``kickoff_record``/``kickoff_update`` on what was typed (the date; a date a form refused is
    None and skipped), for a form that shows every mistake at once. Writes nothing."""
    if held_on is not None:
        _check_kickoff_date(campaign, held_on)


def kickoff_record(
    *,
    campaign: Campaign,
    member_unit: MemberUnit,
    held_on: date,
    place: str,
    attendance: int,
    minutes=None,
    minutes_name: str = "",
    acting_user,
) -> KickoffMeeting:
    """R9: a member unit records its own kickoff. A late one is recorded and shown late, never refused."""
    require_perm(acting_user, "campaign.record_kickoff", member_unit)
    if campaign.tenant_id != member_unit.tenant_id:
        raise PermissionDenied
    campaign_write_check(campaign)
    _check_kickoff_date(campaign, held_on)
    already = _("Your unit has already recorded its kickoff meeting for this campaign; edit that record instead.")
    try:
        with transaction.atomic():
            if KickoffMeeting.objects.filter(campaign=campaign, member_unit=member_unit).exists():
                raise ValidationError(already, code="duplicate")
            kickoff = KickoffMeeting(
                campaign=campaign,
                member_unit=member_unit,
                held_on=held_on,
                place=place.strip(),
                attendance=attendance,
                recorded_by=acting_user,
            )
            if minutes:
                kickoff.minutes = minutes
                kickoff.minutes_name = minutes_name
            save_with_history(kickoff, acting_user=acting_user)
            ensure_still_visible(kickoff, acting_user)
    except IntegrityError:  # a double submission raced past the exists() check; the first one won
        raise ValidationError(already, code="duplicate") from None
    return kickoff


def kickoff_update(
    *,
    kickoff: KickoffMeeting,
    held_on: date,
    place: str,
    attendance: int,
    minutes=None,
    minutes_name: str = "",
    expected_version: int | None,
    acting_user,
) -> KickoffMeeting:
    """R9 (四(一)): a member unit corrects its own kickoff record (date, place, attendance, and the minutes file when
    a new one is given); returns the saved row. PermissionDenied unless ``campaign.change_kickoffmeeting``;
    ValidationError at "held_on" for a date before the campaign or in the future, or code "stale" when the record
    changed since ``expected_version`` was read. A date past the deadline is saved and shown late."""
    require_perm(acting_user, "campaign.change_kickoffmeeting", kickoff)
    campaign_write_check(kickoff.campaign)
    _check_kickoff_date(kickoff.campaign, held_on)
    data = {"held_on": held_on, "place": place.strip(), "attendance": attendance}
    if minutes:
        data |= {"minutes": minutes, "minutes_name": minutes_name}
    # A replaced minutes file stays on disk: the change history still names it.
    return model_update(kickoff, data=data, expected_version=expected_version, acting_user=acting_user)


def kickoff_reminders_send(*, today: date | None = None) -> int:
    """R9 (四(一)): once a tenant's running campaign is past its kickoff deadline, e-mail the staff of every member
    unit that has not recorded its kickoff yet — at most once per unit and day. Returns how many units were reminded.

    A ``KickoffReminder`` row is the claim (unique per campaign, unit and day), so the daily task is safe to run twice
    or on two workers at once; the e-mails go out only after the claims are committed.
    """
    today = today or timezone.localdate()
    kickoff_due = Deadline.objects.filter(campaign=OuterRef("pk"), kind=DeadlineKind.KICKOFF).values("due_on")[:1]
    running = (
        Campaign.objects.filter(tenant__is_active=True)
        .annotate(starts_on=Min("phases__starts_on"), ends_on=Max("phases__ends_on"), kickoff_due=Subquery(kickoff_due))
        .filter(starts_on__lte=today, ends_on__gte=today)
        .select_related("tenant")
        .order_by("tenant_id", "-starts_on")
    )
    current: dict[int, tuple[Campaign, date]] = {}  # tenant → (its campaign, the kickoff deadline)
    for candidate in running:
        # A unit with no kickoff is reminded once it is overdue under R9 (the deadline has passed).
        due_on = candidate.kickoff_due
        if kickoff_standing(held_on=None, due_on=due_on, today=today) is KickoffStanding.OVERDUE:
            current.setdefault(candidate.tenant_id, (candidate, due_on))  # the latest begun, as campaign_current

    messages = []
    with transaction.atomic():
        for campaign, due_on in current.values():
            not_held_nor_reminded = (
                MemberUnit.objects.filter(tenant_id=campaign.tenant_id)
                .exclude(Exists(KickoffMeeting.objects.filter(campaign=campaign, member_unit=OuterRef("pk"))))
                .exclude(
                    Exists(KickoffReminder.objects.filter(campaign=campaign, member_unit=OuterRef("pk"), sent_on=today))
                )
            )
            units = {unit.pk: unit for unit in not_held_nor_reminded}
            recipients: dict[int, list[str]] = {}
            for unit_id, email in (
                Membership.objects.filter(
                    role=Role.MEMBER_UNIT, organisation__member_unit__in=list(units), user__is_active=True
                )
                .exclude(user__email="")
                .order_by("user__username")
                .values_list("organisation__member_unit", "user__email")
            ):
                recipients.setdefault(unit_id, []).append(email)
            for unit_id, emails in recipients.items():
                unit = units[unit_id]
                # get_or_create on the unique (campaign, unit, day): a second run, or a second worker racing this
                # one, finds the claim and sends nothing.
                _reminder, created = KickoffReminder.objects.get_or_create(
                    campaign=campaign, member_unit=unit, sent_on=today, defaults={"recipients": emails}
                )
                if not created:
                    continue
                with translation.override(settings.LANGUAGE_CODE):
                    context = {
                        "unit": unit.name,
                        "campaign": campaign.title,
                        "document": campaign.document_number,
                        "deadline": date_format(due_on, "DATE_FORMAT"),
                        "regulator": campaign.tenant.regulator_name,
                    }
                    subject = _("Reminder: %(unit)s has not recorded its kickoff meeting") % context
                    body = (
                        _(
                            "%(unit)s has not yet recorded its regional kickoff meeting for %(campaign)s. "
                            "Under the work plan (%(document)s) every member unit holds one kickoff meeting in the "
                            "deployment phase, which ended on %(deadline)s. Please hold it and record it in the "
                            "portal; a late kickoff is still recorded and shown as late."
                        )
                        % context
                        + "\n\n"
                        + context["regulator"]
                    )
                messages.append(EmailMessage(subject=subject, body=body, to=emails))

        def send() -> None:
            get_connection().send_messages(messages)

        if messages:
            transaction.on_commit(send)
    return len(messages)
