"""HTML pages of the campaign app: the calendar, its edits, member units and kickoff meetings (R9).

Rows come through visible_to (``row_to_read`` / ``row_to_change`` from portal.views, or campaign.selectors): what is
not the user's is a 404 like a missing row. A visible row whose action the role forbids is a 403, decided by campaign.permissions.
Writes go through campaign.services; their ValidationErrors are put on the form, which re-renders with the input.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from accounts.scope import scope_of
from campaign import selectors, services
from campaign.forms import (
    CampaignCloneForm,
    CampaignForm,
    CampaignReopenForm,
    DeadlineForm,
    KickoffEditForm,
    KickoffForm,
    PhaseForm,
)
from campaign.models import Campaign, Deadline, DeadlineKind, KickoffMeeting, MemberUnit, Phase
from campaign.policy import KickoffStanding, campaign_ends_on, campaign_starts_on, campaign_write_refusal
from portal.files import attachment_response
from portal.views import row_to_change, row_to_read, save_or_show_errors, submit

CHANGE_CAMPAIGN = "campaign.change_campaign"


def _follows_kickoffs(user) -> bool:
    """Kickoff meetings (R9) are the regulator's and the member units' business; other roles see none of them."""
    scope = scope_of(user)
    return scope is not None and (scope.is_operator or scope.role in (Role.REGULATOR, Role.MEMBER_UNIT))


def _visible_campaign(user, pk) -> Campaign:
    campaign = row_to_read(Campaign, user, pk=pk)
    prefetch_related_objects([campaign], "phases", "deadlines")
    return campaign


# --- campaigns and their calendar ---------------------------------------------------------------------------------


@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(request, "campaign/campaign_list.html", {"campaigns": selectors.campaign_list(user=request.user)})


@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _visible_campaign(request.user, pk)
    today = selectors.today_local()
    return render(
        request,
        "campaign/campaign_detail.html",
        {
            "campaign": campaign,
            "today": today,
            "calendar": selectors.campaign_calendar(campaign, today),
            "current_phases": selectors.phases_on(campaign, today),
            "deadlines": sorted(campaign.deadlines.all(), key=lambda d: (d.due_on, d.kind)),
            "changes": selectors.calendar_changes(campaign=campaign),
            "can_edit": request.user.has_perm(CHANGE_CAMPAIGN, campaign),
            "ends_on": campaign_ends_on(campaign),
            "closed_refusal": campaign_write_refusal(campaign, today),
        },
    )


@require_http_methods(["GET", "POST"])
def campaign_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """DESIGN.md §5: the regulator reopens a finished campaign for records until a day, with a reason."""
    campaign = row_to_change(Campaign, request.user, CHANGE_CAMPAIGN, pk=pk)
    prefetch_related_objects([campaign], "phases")
    if request.method == "POST":
        form = CampaignReopenForm(request.POST)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.campaign_reopen(
                    campaign=campaign,
                    until=form.cleaned_data["until"],
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(
                    request,
                    _("The campaign is open for records until %(date)s.") % {"date": date_format(saved.reopened_until)},
                )
                return redirect("campaign:campaign-detail", pk=saved.pk)
    else:
        form = CampaignReopenForm(
            initial={"until": campaign.reopened_until, "reason": campaign.reopened_reason, "version": campaign.version}
        )
    return render(
        request,
        "campaign/campaign_reopen.html",
        {"campaign": campaign, "form": form, "ends_on": campaign_ends_on(campaign)},
    )


@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = row_to_change(Campaign, request.user, CHANGE_CAMPAIGN, pk=pk)
    if request.method == "POST":
        form = CampaignForm(request.POST)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.campaign_update(
                    campaign=campaign,
                    title=form.cleaned_data["title"],
                    document_number=form.cleaned_data["document_number"],
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The campaign has been saved."))
                return redirect("campaign:campaign-detail", pk=saved.pk)
    else:
        form = CampaignForm(
            initial={"title": campaign.title, "document_number": campaign.document_number, "version": campaign.version}
        )
    return render(request, "campaign/campaign_form.html", {"campaign": campaign, "form": form})


@require_http_methods(["GET", "POST"])
def phase_edit(request: HttpRequest, pk: int) -> HttpResponse:
    # campaign.change_campaign on a calendar row is decided by its campaign's tenant (accounts.permissions).
    phase = row_to_change(Phase.objects.select_related("campaign"), request.user, CHANGE_CAMPAIGN, pk=pk)
    if request.method == "POST":
        form = PhaseForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            saved = save_or_show_errors(
                form,
                lambda: services.phase_reschedule(
                    phase=phase,
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    reason=data["reason"],
                    expected_version=data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(
                    request, _("The phase “%(phase)s” has been rescheduled.") % {"phase": saved.get_kind_display()}
                )
                return redirect("campaign:campaign-detail", pk=phase.campaign_id)
    else:
        form = PhaseForm(initial={"starts_on": phase.starts_on, "ends_on": phase.ends_on, "version": phase.version})
    return render(request, "campaign/phase_form.html", {"phase": phase, "campaign": phase.campaign, "form": form})


@require_http_methods(["GET", "POST"])
def deadline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = row_to_change(Deadline.objects.select_related("campaign"), request.user, CHANGE_CAMPAIGN, pk=pk)
    if request.method == "POST":
        form = DeadlineForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            saved = save_or_show_errors(
                form,
                lambda: services.deadline_move(
                    deadline=deadline,
                    due_on=data["due_on"],
                    reason=data["reason"],
                    expected_version=data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(
                    request,
                    _("The deadline “%(deadline)s” is now %(date)s.")
                    % {"deadline": saved.get_kind_display(), "date": date_format(saved.due_on)},
                )
                return redirect("campaign:campaign-detail", pk=deadline.campaign_id)
    else:
        form = DeadlineForm(initial={"due_on": deadline.due_on, "version": deadline.version})
    return render(
        request, "campaign/deadline_form.html", {"deadline": deadline, "campaign": deadline.campaign, "form": form}
    )


@require_http_methods(["GET", "POST"])
def campaign_clone(request: HttpRequest, pk: int) -> HttpResponse:
    source = row_to_change(Campaign, request.user, CHANGE_CAMPAIGN, pk=pk)
    if request.method == "POST":
        form = CampaignCloneForm(request.POST)
        if form.is_valid():
            clone = save_or_show_errors(
                form,
                lambda: services.campaign_clone(
                    source=source,
                    year=form.cleaned_data["year"],
                    document_number=form.cleaned_data["document_number"],
                    acting_user=request.user,
                ),
            )
            if clone:
                messages.success(
                    request,
                    _("The %(year)s campaign has been created from %(source)s; check its dates.")
                    % {"year": clone.year, "source": source.year},
                )
                return redirect("campaign:campaign-detail", pk=clone.pk)
    else:
        form = CampaignCloneForm(initial={"year": source.year + 1})
    return render(request, "campaign/campaign_clone.html", {"campaign": source, "form": form})


# --- member units and kickoff meetings (R9) -------------------------------------------------------------------------


def _kickoff_rows(user, campaign: Campaign | None) -> list[selectors.KickoffStatus]:
    if campaign is None:
        return [
            selectors.KickoffStatus(member_unit=unit, kickoff=None, standing=KickoffStanding.NOT_HELD)
            for unit in selectors.member_unit_list(user=user)
        ]
    return selectors.kickoff_status(campaign=campaign, user=user)


@require_GET
def member_unit_list(request: HttpRequest) -> HttpResponse:
    follows_kickoffs = _follows_kickoffs(request.user)
    campaign = selectors.campaign_current(user=request.user) if follows_kickoffs else None
    return render(
        request,
        "campaign/member_unit_list.html",
        {
            "campaign": campaign,
            "rows": _kickoff_rows(request.user, campaign),
            "show_kickoffs": follows_kickoffs and campaign is not None,
        },
    )


@require_GET
def kickoff_list(request: HttpRequest) -> HttpResponse:
    if not _follows_kickoffs(request.user):
        raise PermissionDenied
    campaign_id = request.GET.get("campaign")
    if campaign_id:
        if not campaign_id.isdigit():
            raise Http404
        campaign = _visible_campaign(request.user, int(campaign_id))
    else:
        campaign = selectors.campaign_current(user=request.user)
    rows = selectors.kickoff_status(campaign=campaign, user=request.user) if campaign else []
    deadline = selectors.deadline_for(campaign, DeadlineKind.KICKOFF) if campaign else None
    return render(
        request,
        "campaign/kickoff_list.html",
        {
            "campaign": campaign,
            "campaigns": selectors.campaign_list(user=request.user),
            "rows": rows,
            "deadline": deadline,
            "missing": sum(1 for row in rows if row.kickoff is None),
            "late": sum(1 for row in rows if row.is_late),
        },
    )


def _own_member_unit(request: HttpRequest) -> MemberUnit:
    """The member unit the user works for; only its staff record its kickoff (403 for every other role)."""
    scope = scope_of(request.user)
    unit = None
    if scope is not None and scope.member_unit_id is not None:
        unit = MemberUnit.objects.visible_to(request.user).filter(pk=scope.member_unit_id).first()
    if unit is None or not request.user.has_perm("campaign.record_kickoff", unit):
        raise PermissionDenied
    return unit


def _late_warning(request: HttpRequest, kickoff: KickoffMeeting) -> None:
    if selectors.kickoff_standing_of(kickoff) is KickoffStanding.HELD_LATE:
        messages.warning(
            request,
            _("The kickoff was held after the deadline of %(date)s and is shown as late.")
            % {"date": date_format(selectors.kickoff_due_on(kickoff.campaign))},
        )


@require_http_methods(["GET", "POST"])
def kickoff_create(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = _visible_campaign(request.user, campaign_pk)
    unit = _own_member_unit(request)
    existing = KickoffMeeting.objects.visible_to(request.user).filter(campaign=campaign, member_unit=unit).first()
    if request.method == "POST":
        form = KickoffForm(request.POST, request.FILES)
        kickoff = submit(
            form,
            lambda: services.kickoff_record(
                campaign=campaign,
                member_unit=unit,
                held_on=form.cleaned_data["held_on"],
                place=form.cleaned_data["place"],
                attendance=form.cleaned_data["attendance"],
                minutes=form.cleaned_data["minutes"],
                minutes_name=form.minutes_name,
                acting_user=request.user,
            ),
            check=lambda data: services.kickoff_check(campaign=campaign, held_on=data["held_on"]),
        )
        if kickoff:
            messages.success(request, _("Your kickoff meeting has been recorded."))
            _late_warning(request, kickoff)
            return redirect("campaign:kickoff-detail", pk=kickoff.pk)
    elif existing is not None:
        messages.info(request, _("Your unit has already recorded its kickoff meeting for this campaign."))
        return redirect("campaign:kickoff-detail", pk=existing.pk)
    else:
        form = KickoffForm()
    return render(
        request,
        "campaign/kickoff_form.html",
        {
            "form": form,
            "campaign": campaign,
            "member_unit": unit,
            "existing": existing,
            "deadline": selectors.deadline_for(campaign, DeadlineKind.KICKOFF),
            "campaign_starts_on": campaign_starts_on(campaign),
        },
    )


# A kickoff page shows its campaign's calendar (the deadline decides "late") and who recorded it.
_KICKOFF_PAGE_ROWS = KickoffMeeting.objects.select_related("campaign", "member_unit", "recorded_by").prefetch_related(
    "campaign__phases", "campaign__deadlines"
)


@require_GET
def kickoff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kickoff = row_to_read(_KICKOFF_PAGE_ROWS, request.user, pk=pk)
    deadline = selectors.deadline_for(kickoff.campaign, DeadlineKind.KICKOFF)
    return render(
        request,
        "campaign/kickoff_detail.html",
        {
            "kickoff": kickoff,
            "campaign": kickoff.campaign,
            "deadline": deadline,
            "is_late": selectors.kickoff_standing_of(kickoff) is KickoffStanding.HELD_LATE,
            "can_edit": request.user.has_perm("campaign.change_kickoffmeeting", kickoff),
        },
    )


@require_http_methods(["GET", "POST"])
def kickoff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kickoff = row_to_change(_KICKOFF_PAGE_ROWS, request.user, "campaign.change_kickoffmeeting", pk=pk)
    if request.method == "POST":
        form = KickoffEditForm(request.POST, request.FILES)
        saved = submit(
            form,
            lambda: services.kickoff_update(
                kickoff=kickoff,
                held_on=form.cleaned_data["held_on"],
                place=form.cleaned_data["place"],
                attendance=form.cleaned_data["attendance"],
                minutes=form.cleaned_data["minutes"],
                minutes_name=form.minutes_name,
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            ),
            check=lambda data: services.kickoff_check(campaign=kickoff.campaign, held_on=data["held_on"]),
        )
        if saved:
            messages.success(request, _("The kickoff meeting has been saved."))
            saved.campaign = kickoff.campaign  # keep the prefetched calendar for the lateness check
            _late_warning(request, saved)
            return redirect("campaign:kickoff-detail", pk=saved.pk)
    else:
        form = KickoffEditForm(
            initial={
                "held_on": kickoff.held_on,
                "place": kickoff.place,
                "attendance": kickoff.attendance,
                "version": kickoff.version,
            }
        )
    return render(
        request,
        "campaign/kickoff_form.html",
        {
            "form": form,
            "kickoff": kickoff,
            "campaign": kickoff.campaign,
            "member_unit": kickoff.member_unit,
            "deadline": selectors.deadline_for(kickoff.campaign, DeadlineKind.KICKOFF),
            "campaign_starts_on": campaign_starts_on(kickoff.campaign),
        },
    )


@require_GET
def kickoff_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    kickoff = row_to_read(KickoffMeeting, request.user, pk=pk)
    return attachment_response(kickoff.minutes, kickoff.minutes_name)
