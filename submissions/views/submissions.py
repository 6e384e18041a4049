"""Pages of the district submissions (五(一), R10): the district's own submission (files, note, roll-up, its
recommended cases, submit), the regulator's list of every district and its review (return, approve, unlock).

Rows come through visible_to (``row_to_read`` / ``row_to_change``); writes through submissions.services, whose
ValidationErrors land on the form, which the detail page shows again with what was typed or chosen.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.scope import scope_of
from campaign.models import Campaign, DeadlineKind, MemberUnit
from campaign.selectors import campaign_current, campaign_list, deadline_for, today_local
from portal.files import attachment_response
from portal.views import row_to_change, row_to_read, submit
from submissions.forms import ApproveForm, FilesForm, NoteForm, ReturnForm, SubmitForm, UnlockForm
from submissions.models import DistrictSubmission, SubmissionFile, SubmissionState
from submissions.policy import submission_missing
from submissions.selectors import submissions as selectors
from submissions.services import submissions as services

CHANGE = "submissions.change_districtsubmission"
REVIEW = "submissions.review_districtsubmission"


def _campaign_from_query(request: HttpRequest) -> Campaign | None:
    campaign_id = request.GET.get("campaign")
    if campaign_id:
        if not campaign_id.isdigit():
            raise Http404
        campaign = row_to_read(Campaign, request.user, pk=int(campaign_id))
        prefetch_related_objects([campaign], "phases", "deadlines")
        return campaign
    return campaign_current(user=request.user)


@require_GET
def submission_list(request: HttpRequest) -> HttpResponse:
    """The regulator's list: every district with its submission's state, lateness and unlocks, and who is missing.
    A district is taken to its own submission."""
    scope = scope_of(request.user)
    if scope is not None and scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district:
        return redirect("submissions:own")
    if scope is None or not (scope.is_operator or scope.role == Role.REGULATOR):
        raise PermissionDenied
    campaign = _campaign_from_query(request)
    rows = selectors.submission_rows(user=request.user, campaign=campaign) if campaign else []
    return render(
        request,
        "submissions/submission_list.html",
        {
            "campaign": campaign,
            "campaigns": campaign_list(user=request.user),
            "rows": rows,
            "counts": selectors.submission_counts(rows),
            "deadline": deadline_for(campaign, DeadlineKind.DISTRICT_SUBMISSION) if campaign else None,
        },
    )


@require_GET
def submission_own(request: HttpRequest) -> HttpResponse:
    """The district's submission for the current campaign, opened as a draft on the first visit."""
    scope = scope_of(request.user)
    if scope is None or scope.member_unit_id is None or not scope.member_unit_is_district:
        raise PermissionDenied
    unit = MemberUnit.objects.visible_to(request.user).filter(pk=scope.member_unit_id).first()
    campaign = campaign_current(user=request.user)
    if unit is None or campaign is None:
        raise Http404
    submission = services.submission_open(campaign=campaign, member_unit=unit, acting_user=request.user)
    if submission is None:
        raise Http404
    return redirect("submissions:detail", pk=submission.pk)


def _initial(submission: DistrictSubmission) -> dict:
    return {"version": submission.version}


def _detail(request: HttpRequest, submission: DistrictSubmission, *, status: int = 200, **forms) -> HttpResponse:
    """The submission page, with any bound form of a failed submit in place of its empty one."""
    user = request.user
    prefetch_related_objects([submission.campaign], "deadlines")
    can_change = user.has_perm(CHANGE, submission)
    can_review = user.has_perm(REVIEW, submission)
    editable = can_change and submission.is_editable
    cases = list(selectors.recommended_cases(user=user, submission=submission))
    files = list(submission.files.all())
    frozen = submission.state in (SubmissionState.SUBMITTED, SubmissionState.APPROVED) or (
        submission.state == SubmissionState.RETURNED and bool(submission.data_rollup)
    )
    live = not frozen or editable
    rollup = selectors.district_rollup(submission.campaign, submission.member_unit) if live else submission.data_rollup
    deadline = deadline_for(submission.campaign, DeadlineKind.DISTRICT_SUBMISSION)
    initial = _initial(submission)
    context = {
        "submission": submission,
        "campaign": submission.campaign,
        "deadline": deadline,
        "today": today_local(),
        "late_days": selectors.submission_late_days_of(submission, deadline.due_on if deadline else None),
        "files": files,
        "cases": cases,
        "events": list(submission.events.all()),
        "rollup_rows": selectors.rollup_rows(rollup),
        "rollup_live": live,
        "frozen_rollup_rows": selectors.rollup_rows(submission.data_rollup) if live and submission.data_rollup else [],
        "can_change": can_change,
        "editable": editable,
        "can_review": can_review,
        "missing": submission_missing(recommended_cases=len(cases), files=len(files)) if editable else [],
    }
    if editable:
        context["note_form"] = forms.get("note_form") or NoteForm(initial=initial | {"note": submission.note})
        context["files_form"] = forms.get("files_form") or FilesForm(initial=initial)
        context["submit_form"] = forms.get("submit_form") or SubmitForm(initial=initial)
    if can_review:
        if submission.state == SubmissionState.SUBMITTED:
            context["return_form"] = forms.get("return_form") or ReturnForm(initial=initial)
            context["approve_form"] = forms.get("approve_form") or ApproveForm(initial=initial)
        if submission.state == SubmissionState.APPROVED:
            context["unlock_form"] = forms.get("unlock_form") or UnlockForm(initial=initial)
    context["refused"] = [
        _refused(form) for name, form in forms.items() if form is not None and context.get(name) is not form
    ]
    return render(request, "submissions/submission_detail.html", context, status=status)


def _refused(form) -> dict:
    """A form of a failed submit that the page no longer offers (the submission was approved or returned meanwhile):
    its errors, and each text the user typed, shown read-only so it can be copied rather than lost."""
    typed = [
        (field.label, form.data.get(name, ""))
        for name, field in form.fields.items()
        if isinstance(field.widget, forms.Textarea) and form.data.get(name, "").strip()
    ]
    errors = [error for field_errors in form.errors.values() for error in field_errors]
    return {"errors": errors, "typed": typed}


@require_GET
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = row_to_read(selectors.submission_detail(user=request.user), request.user, pk=pk)
    return _detail(request, submission)


def _after(request: HttpRequest, submission: DistrictSubmission, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("submissions:detail", pk=submission.pk)


@require_POST
def submission_note(request: HttpRequest, pk: int) -> HttpResponse:
    submission = row_to_change(selectors.submission_detail(user=request.user), request.user, CHANGE, pk=pk)
    form = NoteForm(request.POST)
    saved = submit(
        form,
        lambda: services.submission_update(
            submission=submission,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        ),
    )
    if saved:
        return _after(request, submission, _("The note has been saved."))
    return _detail(request, submission, status=400, note_form=form)


@require_POST
def submission_files(request: HttpRequest, pk: int) -> HttpResponse:
    submission = row_to_change(selectors.submission_detail(user=request.user), request.user, CHANGE, pk=pk)
    form = FilesForm(request.POST, request.FILES)
    saved = submit(
        form,
        lambda: services.submission_files_add(
            submission=submission,
            uploads=form.cleaned_data["files"],
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        ),
        check=lambda data: services.submission_file_check(submission=submission),
    )
    if saved:
        return _after(request, submission, _("The files have been added."))
    return _detail(request, submission, status=400, files_form=form)


@require_POST
def submission_file_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = row_to_read(SubmissionFile.objects.select_related("submission__campaign"), request.user, pk=pk)
    submission = item.submission
    if not request.user.has_perm(CHANGE, submission):
        raise PermissionDenied
    try:
        services.submission_file_remove(item=item, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("submissions:detail", pk=submission.pk)
    return _after(request, submission, _("The file has been removed."))


@require_GET
def submission_file_download(request: HttpRequest, pk: int) -> HttpResponse:
    item = row_to_read(SubmissionFile, request.user, pk=pk)
    return attachment_response(item.file, item.original_name)


@require_POST
def submission_submit(request: HttpRequest, pk: int) -> HttpResponse:
    submission = row_to_change(selectors.submission_detail(user=request.user), request.user, CHANGE, pk=pk)
    form = SubmitForm(request.POST)
    saved = submit(
        form,
        lambda: services.submission_submit(
            submission=submission, expected_version=form.cleaned_data["version"], acting_user=request.user
        ),
    )
    if saved:
        deadline = deadline_for(submission.campaign, DeadlineKind.DISTRICT_SUBMISSION)
        late = selectors.submission_late_days_of(saved, deadline.due_on if deadline else None)
        if late:
            messages.warning(
                request,
                _("Submitted %(days)s days after the deadline: accepted, and shown as late.") % {"days": late},
            )
        return _after(request, submission, _("The submission has been sent to the regulator."))
    return _detail(request, submission, status=400, submit_form=form)


@require_POST
def submission_return(request: HttpRequest, pk: int) -> HttpResponse:
    submission = row_to_change(selectors.submission_detail(user=request.user), request.user, REVIEW, pk=pk)
    form = ReturnForm(request.POST)
    saved = submit(
        form,
        lambda: services.submission_return(
            submission=submission,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        ),
    )
    if saved:
        return _after(request, submission, _("The submission has been returned to the district."))
    return _detail(request, submission, status=400, return_form=form)


@require_POST
def submission_approve(request: HttpRequest, pk: int) -> HttpResponse:
    submission = row_to_change(selectors.submission_detail(user=request.user), request.user, REVIEW, pk=pk)
    form = ApproveForm(request.POST)
    saved = submit(
        form,
        lambda: services.submission_approve(
            submission=submission, expected_version=form.cleaned_data["version"], acting_user=request.user
        ),
    )
    if saved:
        return _after(request, submission, _("The submission has been approved and is now locked."))
    return _detail(request, submission, status=400, approve_form=form)


@require_POST
def submission_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    submission = row_to_change(selectors.submission_detail(user=request.user), request.user, REVIEW, pk=pk)
    form = UnlockForm(request.POST)
    saved = submit(
        form,
        lambda: services.submission_unlock(
            submission=submission,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        ),
        check=lambda data: services.submission_unlock_check(submission=submission, expected_version=data["version"]),
    )
    if saved:
        return _after(request, submission, _("The submission has been unlocked; the district can correct it."))
    return _detail(request, submission, status=400, unlock_form=form)
