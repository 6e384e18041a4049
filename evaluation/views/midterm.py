"""HTML pages of the mid-term (四(二)): the live figures and the snapshots, a snapshot's tables (the whole city for the
regulator, its own line for a district or a body), the 中期推动会 and its next steps.

Rows come through visible_to (``row_to_read`` / ``row_to_change``, evaluation.selectors); what is not the user's is
a 404 like a missing row, a visible row whose action the role forbids a 403 (evaluation.permissions). Writes go
through evaluation.services; their ValidationErrors land on the form, which re-renders with the input.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.scope import scope_of
from assistance.models.trainings import TrainingKind
from campaign.models import Campaign
from campaign.selectors import campaign_current, campaign_list, today_local
from enterprises.models import EnrolmentState
from evaluation.forms import (
    MeetingEditForm,
    MeetingForm,
    NextStepDoneForm,
    NextStepEditForm,
    NextStepForm,
    SnapshotForm,
)
from evaluation.models import MidtermMeeting, MidtermSnapshot, NextStep
from evaluation.selectors import midterm as selectors
from evaluation.selectors.figures import LAG_REASONS, LAGGING_RULE_BODIES, LAGGING_RULE_DISTRICTS, city_figures
from evaluation.services import midterm as services
from portal.files import attachment_response
from portal.views import row_to_change, row_to_read, submit

# The funnel's columns, in the order of the lifecycle (DESIGN.md §5), ended states last.
FUNNEL_STATES = [
    EnrolmentState.NOMINATED,
    EnrolmentState.SCREENED,
    EnrolmentState.ASSIGNED,
    EnrolmentState.DIAGNOSED,
    EnrolmentState.BUILDING,
    EnrolmentState.OPERATING,
    EnrolmentState.REVIEWED,
    EnrolmentState.RESULTS,
    EnrolmentState.CLOSED,
    EnrolmentState.REJECTED,
    EnrolmentState.WITHDRAWN,
]


def _role(user) -> str:
    scope = scope_of(user)
    if scope is None:
        return ""
    if scope.is_operator:
        return Role.REGULATOR
    if scope.role == Role.MEMBER_UNIT and not scope.member_unit_is_district:
        return ""  # a city bureau has no line of its own in the figures
    return scope.role or ""


def _follows_midterm(user) -> bool:
    return _role(user) in (Role.REGULATOR, Role.MEMBER_UNIT, Role.CB_MANAGER)


def _row_view(row: dict[str, Any]) -> dict[str, Any]:
    """A figures row as the tables show it: funnel counts in column order, trainings by kind, reasons in words."""
    funnel_cells = [row["funnel"].get(state, 0) for state in FUNNEL_STATES]
    training_cells = [row["trainings"].get(kind, {}) for kind in TrainingKind.values]
    return {
        **row,
        "funnel_cells": funnel_cells,
        "training_cells": training_cells,
        "funnel_pairs": list(zip([EnrolmentState(s).label for s in FUNNEL_STATES], funnel_cells, strict=True)),
        "training_pairs": list(zip(TrainingKind.labels, training_cells, strict=True)),
        "lag_words": [str(LAG_REASONS.get(code, code)) for code in row.get("lagging", [])],
    }


def _tables(figures: dict[str, Any]) -> dict[str, Any]:
    """The context the figure tables read (templates/evaluation/_figures.html), from a live or frozen figures dict."""
    return {
        "figures": figures,
        "district_rows": [_row_view(row) for row in figures["districts"]],
        "body_rows": [_row_view(row) for row in figures["bodies"]],
        "city_row": _row_view(figures["city"]),
        "lagging_districts": [
            {**row, "words": [str(LAG_REASONS.get(c, c)) for c in row["reasons"]]}
            for row in figures["lagging_districts"]
        ],
        "lagging_bodies": [
            {**row, "words": [str(LAG_REASONS.get(c, c)) for c in row["reasons"]]} for row in figures["lagging_bodies"]
        ],
        "funnel_labels": [EnrolmentState(state).label for state in FUNNEL_STATES],
        "training_labels": [TrainingKind(kind).label for kind in TrainingKind.values],
    }


def _midterm_url(campaign: Campaign) -> str:
    return f"{reverse('evaluation:midterm')}?campaign={campaign.pk}"


def _visible_campaign(user, pk) -> Campaign:
    campaign = row_to_read(Campaign, user, pk=pk)
    prefetch_related_objects([campaign], "phases", "deadlines")
    return campaign


@require_GET
def midterm(request: HttpRequest) -> HttpResponse:
    """The mid-term page of the current campaign (another campaign: ``?campaign=<id>``)."""
    if not _follows_midterm(request.user):
        raise PermissionDenied
    campaign_id = request.GET.get("campaign", "")
    if campaign_id.isdigit():
        campaign: Campaign | None = _visible_campaign(request.user, int(campaign_id))
    else:
        campaign = campaign_current(user=request.user)
    context: dict[str, Any] = {"campaign": campaign, "campaigns": list(campaign_list(user=request.user))}
    if campaign is not None:
        role = _role(request.user)
        context |= {
            "role": role,
            "snapshots": list(selectors.snapshot_list(user=request.user, campaign=campaign)),
            "meeting": selectors.meeting_of(user=request.user, campaign=campaign),
            "can_take": request.user.has_perm("evaluation.take_snapshot", campaign),
            "can_record_meeting": request.user.has_perm("evaluation.record_meeting", campaign),
            "snapshot_form": SnapshotForm(),
        }
        if role == Role.REGULATOR:
            # The live figures: what a snapshot taken now would freeze.
            context |= _tables(city_figures(campaign, today_local()).as_dict())
            context["rules"] = {"districts": LAGGING_RULE_DISTRICTS, "bodies": LAGGING_RULE_BODIES}
    return render(request, "evaluation/midterm.html", context)


@require_POST
def snapshot_take(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = _visible_campaign(request.user, campaign_pk)
    if not request.user.has_perm("evaluation.take_snapshot", campaign):
        raise PermissionDenied
    form = SnapshotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date; nothing was taken. Try again."))
        return redirect(_midterm_url(campaign))
    try:
        snapshot, created = services.snapshot_take(
            campaign=campaign, token=form.cleaned_data["token"], acting_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_midterm_url(campaign))
    if created:
        messages.success(request, _("Mid-term snapshot no. %(n)s has been taken.") % {"n": snapshot.sequence})
    else:
        messages.info(request, _("This snapshot had already been taken; it is shown once."))
    return redirect("evaluation:snapshot-detail", pk=snapshot.pk)


@require_GET
def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = row_to_read(MidtermSnapshot.objects.select_related("campaign", "taken_by"), request.user, pk=pk)
    line = selectors.snapshot_line(snapshot=snapshot, user=request.user)
    context: dict[str, Any] = {"snapshot": snapshot, "campaign": snapshot.campaign, "line": line}
    if line.kind == selectors.CITY and line.figures is not None:
        context |= _tables(line.figures)
    elif line.row is not None:
        context["own_row"] = _row_view(line.row)
        context["funnel_labels"] = [EnrolmentState(state).label for state in FUNNEL_STATES]
        context["training_labels"] = [TrainingKind(kind).label for kind in TrainingKind.values]
    context["rules"] = {"districts": LAGGING_RULE_DISTRICTS, "bodies": LAGGING_RULE_BODIES}
    return render(request, "evaluation/snapshot_detail.html", context)


# --- The mid-term meeting ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = _visible_campaign(request.user, campaign_pk)
    if not request.user.has_perm("evaluation.record_meeting", campaign):
        raise PermissionDenied
    existing = selectors.meeting_of(user=request.user, campaign=campaign)
    if request.method == "POST":
        form = MeetingForm(request.POST, request.FILES)
        meeting = submit(
            form,
            lambda: services.meeting_record(
                campaign=campaign,
                held_on=form.cleaned_data["held_on"],
                place=form.cleaned_data["place"],
                attendance=form.cleaned_data["attendance"],
                attendees=form.cleaned_data["attendees"],
                notes=form.cleaned_data["notes"],
                minutes=form.cleaned_data["minutes"],
                minutes_name=form.minutes_name,
                acting_user=request.user,
            ),
            check=lambda data: services.meeting_check(campaign=campaign, held_on=data["held_on"]),
        )
        if meeting:
            messages.success(request, _("The mid-term meeting has been recorded."))
            return redirect("evaluation:meeting-detail", pk=meeting.pk)
    elif existing is not None:
        messages.info(request, _("The mid-term meeting of this campaign is already recorded."))
        return redirect("evaluation:meeting-detail", pk=existing.pk)
    else:
        form = MeetingForm()
    return render(request, "evaluation/meeting_form.html", {"form": form, "campaign": campaign})


_MEETING_ROWS = MidtermMeeting.objects.select_related("campaign", "recorded_by")


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = row_to_read(_MEETING_ROWS, request.user, pk=pk)
    steps = list(selectors.next_steps_of(user=request.user, meeting=meeting))
    for step in steps:
        step.can_complete = request.user.has_perm("evaluation.complete_nextstep", step)  # type: ignore[attr-defined]
    return render(
        request,
        "evaluation/meeting_detail.html",
        {
            "meeting": meeting,
            "campaign": meeting.campaign,
            "steps": steps,
            "today": today_local(),
            "can_edit": request.user.has_perm("evaluation.change_midtermmeeting", meeting.campaign),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = row_to_read(_MEETING_ROWS, request.user, pk=pk)
    if not request.user.has_perm("evaluation.change_midtermmeeting", meeting.campaign):
        raise PermissionDenied
    if request.method == "POST":
        form = MeetingEditForm(request.POST, request.FILES)
        saved = submit(
            form,
            lambda: services.meeting_update(
                meeting=meeting,
                held_on=form.cleaned_data["held_on"],
                place=form.cleaned_data["place"],
                attendance=form.cleaned_data["attendance"],
                attendees=form.cleaned_data["attendees"],
                notes=form.cleaned_data["notes"],
                minutes=form.cleaned_data["minutes"],
                minutes_name=form.minutes_name,
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            ),
            check=lambda data: services.meeting_check(campaign=meeting.campaign, held_on=data["held_on"]),
        )
        if saved:
            messages.success(request, _("The mid-term meeting has been saved."))
            return redirect("evaluation:meeting-detail", pk=saved.pk)
    else:
        form = MeetingEditForm(
            initial={
                "held_on": meeting.held_on,
                "place": meeting.place,
                "attendance": meeting.attendance,
                "attendees": meeting.attendees,
                "notes": meeting.notes,
                "version": meeting.version,
            }
        )
    return render(
        request, "evaluation/meeting_form.html", {"form": form, "campaign": meeting.campaign, "meeting": meeting}
    )


@require_GET
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = row_to_read(MidtermMeeting, request.user, pk=pk)
    return attachment_response(meeting.minutes, meeting.minutes_name)


# --- Next steps ------------------------------------------------------------------------------------------------------


def _step_write(form, write):
    return submit(
        form,
        lambda: write(
            what=form.cleaned_data["what"],
            owner_kind=form.cleaned_data["owner_kind"],
            member_unit=form.cleaned_data["member_unit"],
            body=form.cleaned_data["body"],
            due_on=form.cleaned_data["due_on"],
        ),
    )


@require_http_methods(["GET", "POST"])
def next_step_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = row_to_read(_MEETING_ROWS, request.user, pk=pk)
    if not request.user.has_perm("evaluation.change_midtermmeeting", meeting.campaign):
        raise PermissionDenied
    if request.method == "POST":
        form = NextStepForm(request.POST, user=request.user)
        step = _step_write(
            form, lambda **data: services.next_step_add(meeting=meeting, acting_user=request.user, **data)
        )
        if step:
            messages.success(request, _("The next step has been added."))
            return redirect("evaluation:meeting-detail", pk=meeting.pk)
    else:
        form = NextStepForm(user=request.user)
    return render(request, "evaluation/next_step_form.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def next_step_edit(request: HttpRequest, pk: int) -> HttpResponse:
    step = row_to_change(
        NextStep.objects.select_related("meeting__campaign"), request.user, "evaluation.change_nextstep", pk=pk
    )
    if request.method == "POST":
        form = NextStepEditForm(request.POST, user=request.user)
        saved = _step_write(
            form,
            lambda **data: services.next_step_update(
                step=step, expected_version=form.cleaned_data["version"], acting_user=request.user, **data
            ),
        )
        if saved:
            messages.success(request, _("The next step has been saved."))
            return redirect("evaluation:meeting-detail", pk=step.meeting_id)
    else:
        form = NextStepEditForm(
            user=request.user,
            initial={
                "what": step.what,
                "owner_kind": step.owner_kind,
                "member_unit": step.member_unit_id,
                "body": step.body_id,
                "due_on": step.due_on,
                "version": step.version,
            },
        )
    return render(request, "evaluation/next_step_form.html", {"form": form, "meeting": step.meeting, "step": step})


@require_POST
def next_step_done(request: HttpRequest, pk: int) -> HttpResponse:
    step = row_to_change(
        NextStep.objects.select_related("meeting__campaign"), request.user, "evaluation.complete_nextstep", pk=pk
    )
    form = NextStepDoneForm(request.POST)
    back = request.POST.get("next") or ""
    if form.is_valid():
        try:
            saved = services.next_step_set_done(
                step=step,
                done=form.cleaned_data["done"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
            messages.success(request, _("Marked as done.") if saved.done else _("Marked as not done."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("The page was out of date; nothing was changed. Try again."))
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("evaluation:next-step-list")


@require_GET
def next_step_list(request: HttpRequest) -> HttpResponse:
    steps = list(selectors.all_next_steps(user=request.user))
    for step in steps:
        step.can_complete = request.user.has_perm("evaluation.complete_nextstep", step)  # type: ignore[attr-defined]
    return render(
        request,
        "evaluation/next_step_list.html",
        {"steps": steps, "today": today_local(), "can_edit": request.user.has_perm("evaluation.change_nextstep")},
    )
