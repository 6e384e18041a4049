"""HTML pages of the enterprise's own progress and outputs: the 附件二 checklist, outcome figures (R10), the
implementation summary, practice cases with their recommendation, review and selection (R10, R11, R13), and
complaints about a certification body (五(二)2).

Rows come through visible_to (enterprises.selectors.outputs); what is not the user's is a 404 like a missing row; a
visible row whose action the role forbids is a 403 (enterprises.permissions, outputs section). Writes go through
enterprises.services.outputs; their ValidationErrors are put on the form, which re-renders with the input.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.scope import scope_of
from campaign.models import DeadlineKind
from campaign.selectors import campaign_current, deadline_for
from enterprises.forms.outputs import (
    CaseEditForm,
    CaseForm,
    ComplaintCloseForm,
    ComplaintForm,
    ComplaintRespondForm,
    OutcomeForm,
    ReviewerAssignForm,
    ScoreForm,
    SummaryForm,
)
from enterprises.models import MAX_CASES_PER_ENROLMENT, CaseAttachment, CaseState, ComplaintState, Enterprise
from enterprises.selectors import outputs as selectors
from enterprises.services import outputs as services
from portal.files import attachment_response
from portal.scoping import get_visible_or_404
from portal.views import require_perm, save_or_show_errors


def _act(request: HttpRequest, write, success: str) -> bool:
    """A one-button action: the service's message, if it refuses, is shown on the page it returns to."""
    try:
        write()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def _role(user) -> str | None:
    scope = scope_of(user)
    return scope.role if scope else None


def _enrolment(request: HttpRequest, pk: int):
    enrolment = selectors.enrolment_for_progress(user=request.user, pk=pk)
    if enrolment is None:
        raise Http404
    return enrolment


# --- progress (附件二) ----------------------------------------------------------------------------------------------


@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    """The signed-in enterprise's own checklist for the current campaign."""
    if _role(request.user) != Role.ENTERPRISE:
        raise PermissionDenied
    enrolment = selectors.own_current_enrolment(user=request.user)
    context = {"enrolment": enrolment, "own": True}
    if enrolment is not None:
        context["progress"] = selectors.enrolment_progress(user=request.user, enrolment=enrolment)
        context["can_edit_outcome"] = request.user.has_perm("enterprises.change_outcome", enrolment)
    return render(request, "enterprises/outputs/progress.html", context)


@require_GET
def enrolment_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The same checklist for whoever may see the enrolment (district, expert, body, regulator, the enterprise)."""
    enrolment = _enrolment(request, pk)
    return render(
        request,
        "enterprises/outputs/progress.html",
        {
            "enrolment": enrolment,
            "own": _role(request.user) == Role.ENTERPRISE,
            "progress": selectors.enrolment_progress(user=request.user, enrolment=enrolment),
            "can_edit_outcome": request.user.has_perm("enterprises.change_outcome", enrolment),
        },
    )


# --- outcome figures (R10) ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def outcome_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    require_perm(request.user, "enterprises.change_outcome", enrolment)
    outcome = selectors.outcome_for(user=request.user, enrolment=enrolment)
    if request.method == "POST":
        form = OutcomeForm(request.POST)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.outcome_save(
                    enrolment=enrolment,
                    figures=form.figures,
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The outcome figures have been saved."))
                return redirect("enterprises:outcome-edit", pk=enrolment.pk)
    else:
        initial = {"version": outcome.version if outcome else 0}
        if outcome:
            initial.update({name: getattr(outcome, name) for name in services.OUTCOME_FIELDS})
        form = OutcomeForm(initial=initial)
    return render(
        request,
        "enterprises/outputs/outcome_form.html",
        {
            "enrolment": enrolment,
            "form": form,
            "outcome": outcome,
            "rows": selectors.outcome_rows(outcome),
            "deadline": deadline_for(enrolment.campaign, DeadlineKind.ENTERPRISE_SUMMARY),
        },
    )


# --- 《企业实施情况及成效总结》 -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def summary_upload(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    require_perm(request.user, "enterprises.upload_summary", enrolment)
    summary = selectors.summary_for(user=request.user, enrolment=enrolment)
    if request.method == "POST":
        form = SummaryForm(request.POST, request.FILES)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.summary_upload(
                    enrolment=enrolment,
                    upload=form.cleaned_data["file"],
                    name=form.upload_name("file"),
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(
                    request, _("Your summary “%(name)s” has been uploaded.") % {"name": saved.original_name}
                )
                return redirect("enterprises:summary-upload", pk=enrolment.pk)
    else:
        form = SummaryForm()
    return render(
        request,
        "enterprises/outputs/summary_form.html",
        {
            "enrolment": enrolment,
            "form": form,
            "summary": summary,
            "history": selectors.summary_history(summary) if summary else [],
            "deadline": deadline_for(enrolment.campaign, DeadlineKind.ENTERPRISE_SUMMARY),
        },
    )


@require_GET
def summary_download(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    summary = selectors.summary_for(user=request.user, enrolment=enrolment)
    if summary is None:
        raise Http404
    return attachment_response(summary.file, summary.original_name)


# --- practice cases (附件二(四), 五(一)) ---------------------------------------------------------------------------


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    role = _role(user)
    campaign = campaign_current(user=user)
    state = request.GET.get("state", "")
    if state and state not in CaseState.values:
        state = ""
    enrolment = selectors.own_current_enrolment(user=user) if role == Role.ENTERPRISE else None
    cases = list(selectors.case_list(user=user, state=state))
    return render(
        request,
        "enterprises/outputs/case_list.html",
        {
            "cases": cases,
            "role": role,
            "campaign": campaign,
            "state": state,
            "states": CaseState.choices,
            "enrolment": enrolment,
            "can_add": enrolment is not None
            and user.has_perm("enterprises.add_case", enrolment)
            and sum(1 for c in cases if c.enrolment_id == enrolment.pk) < MAX_CASES_PER_ENROLMENT,
            "max_cases": MAX_CASES_PER_ENROLMENT,
            "recommendation": selectors.district_recommendation(user=user, campaign=campaign),
        },
    )


@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    if _role(request.user) != Role.ENTERPRISE:
        raise PermissionDenied
    enrolment = selectors.own_current_enrolment(user=request.user)
    if enrolment is None:
        messages.error(request, _("Your enterprise is not enrolled in the current campaign."))
        return redirect("enterprises:case-list")
    require_perm(request.user, "enterprises.add_case", enrolment)
    if request.method == "POST":
        form = CaseForm(request.POST, request.FILES)
        if form.is_valid():
            case = save_or_show_errors(
                form,
                lambda: services.case_create(
                    enrolment=enrolment,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    attachment=form.cleaned_data.get("attachment"),
                    attachment_name=form.upload_name("attachment"),
                    acting_user=request.user,
                ),
            )
            if case:
                messages.success(request, _("Your case has been saved as a draft. Submit it when it is ready."))
                return redirect("enterprises:case-detail", pk=case.pk)
    else:
        form = CaseForm()
    return render(request, "enterprises/outputs/case_form.html", {"form": form, "enrolment": enrolment})


def _case(request: HttpRequest, pk: int):
    case = selectors.case_detail(user=request.user, pk=pk)
    if case is None:
        raise Http404
    return case


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    user = request.user
    can_assign = user.has_perm("enterprises.assign_case_reviewer", case)
    own_review = selectors.own_review(user=user, case=case) if _role(user) == Role.REVIEWER else None
    return render(
        request,
        "enterprises/outputs/case_detail.html",
        {
            "case": case,
            "reviews": selectors.case_reviews(user=user, case=case),
            "own_review": own_review,
            "can_edit": case.state == CaseState.DRAFT and user.has_perm("enterprises.change_case", case),
            "can_submit": case.state == CaseState.DRAFT and user.has_perm("enterprises.submit_case", case),
            "can_recommend": case.state == CaseState.SUBMITTED and user.has_perm("enterprises.recommend_case", case),
            "can_assign": can_assign and case.state == CaseState.RECOMMENDED,
            "assign_form": ReviewerAssignForm(user=user)
            if can_assign and case.state == CaseState.RECOMMENDED
            else None,
            "can_decide": case.state == CaseState.SCORED and user.has_perm("enterprises.decide_case", case),
            "can_score": own_review is not None and case.state in (CaseState.RECOMMENDED, CaseState.SCORED),
        },
    )


@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_perm(request.user, "enterprises.change_case", case)
    if case.state != CaseState.DRAFT:
        messages.info(request, _("Only a draft can be edited; this case has been submitted."))
        return redirect("enterprises:case-detail", pk=case.pk)
    if request.method == "POST":
        form = CaseEditForm(request.POST, request.FILES)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.case_update(
                    case=case,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    attachment=form.cleaned_data.get("attachment"),
                    attachment_name=form.upload_name("attachment"),
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The case has been saved."))
                return redirect("enterprises:case-detail", pk=case.pk)
    else:
        form = CaseEditForm(initial={"title": case.title, "body": case.body, "version": case.version})
    return render(
        request, "enterprises/outputs/case_form.html", {"form": form, "case": case, "enrolment": case.enrolment}
    )


@require_POST
def case_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_perm(request.user, "enterprises.submit_case", case)
    _act(
        request,
        lambda: services.case_submit(case=case, acting_user=request.user),
        _("The case has been submitted to your district."),
    )
    return redirect("enterprises:case-detail", pk=case.pk)


@require_POST
def case_delete(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_perm(request.user, "enterprises.change_case", case)
    if _act(request, lambda: services.case_delete(case=case, acting_user=request.user), _("The draft was deleted.")):
        return redirect("enterprises:case-list")
    return redirect("enterprises:case-detail", pk=case.pk)


@require_POST
def case_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_perm(request.user, "enterprises.recommend_case", case)
    _act(
        request,
        lambda: services.case_recommend(case=case, acting_user=request.user),
        _("The case has been recommended to the regulator."),
    )
    return redirect("enterprises:case-detail", pk=case.pk)


@require_POST
def case_assign_reviewer(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_perm(request.user, "enterprises.assign_case_reviewer", case)
    form = ReviewerAssignForm(request.POST, user=request.user)
    if form.is_valid():
        reviewer = form.cleaned_data["reviewer"]
        saved = save_or_show_errors(
            form, lambda: services.case_review_assign(case=case, reviewer=reviewer, acting_user=request.user)
        )
        if saved:
            messages.success(request, _("%(name)s has been asked to score this case.") % {"name": reviewer})
            return redirect("enterprises:case-detail", pk=case.pk)
    return render(
        request,
        "enterprises/outputs/case_detail.html",
        {
            "case": case,
            "reviews": selectors.case_reviews(user=request.user, case=case),
            "can_assign": True,
            "assign_form": form,
        },
        status=400,
    )


@require_http_methods(["GET", "POST"])
def case_score(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_perm(request.user, "enterprises.score_case", case)
    review = selectors.own_review(user=request.user, case=case)
    if review is None:  # pragma: no cover - score_case already requires an assigned review
        raise PermissionDenied
    conflict = services.reviewer_conflict(reviewer=request.user, enterprise=case.enrolment.enterprise)
    if request.method == "POST":
        form = ScoreForm(request.POST)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.case_score(
                    review=review,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("Your score has been recorded."))
                return redirect("enterprises:case-detail", pk=case.pk)
    else:
        form = ScoreForm(initial={"score": review.score, "comment": review.comment})
    return render(
        request,
        "enterprises/outputs/case_score.html",
        {"case": case, "review": review, "form": form, "conflict": conflict},
    )


@require_POST
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_perm(request.user, "enterprises.decide_case", case)
    decision = request.POST.get("decision")
    if decision not in ("selected", "not_selected"):
        messages.error(request, _("Choose whether to select the case."))
        return redirect("enterprises:case-detail", pk=case.pk)
    selected = decision == "selected"
    _act(
        request,
        lambda: services.case_decide(case=case, selected=selected, acting_user=request.user),
        _("The case has been selected as an excellent case.") if selected else _("The case was not selected."),
    )
    return redirect("enterprises:case-detail", pk=case.pk)


@require_GET
def case_attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_visible_or_404(CaseAttachment, request.user, pk=pk)
    return attachment_response(attachment.file, attachment.original_name)


# --- complaints (五(二)2) -------------------------------------------------------------------------------------------


@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    role = _role(request.user)
    if role not in (Role.REGULATOR, Role.ENTERPRISE, Role.CB_MANAGER):
        raise PermissionDenied
    state = request.GET.get("state", "")
    if state and state not in ComplaintState.values:
        state = ""
    return render(
        request,
        "enterprises/outputs/complaint_list.html",
        {
            "complaints": list(selectors.complaint_list(user=request.user, state=state)),
            "role": role,
            "state": state,
            "states": ComplaintState.choices,
            "can_file": request.user.has_perm("enterprises.file_complaint"),
        },
    )


@require_http_methods(["GET", "POST"])
def complaint_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "enterprises.file_complaint", None)
    enterprise = get_visible_or_404(Enterprise, request.user, pk=scope_of(request.user).enterprise_id)
    if request.method == "POST":
        form = ComplaintForm(request.POST, user=request.user)
        if form.is_valid():
            complaint = save_or_show_errors(
                form,
                lambda: services.complaint_file(
                    enterprise=enterprise,
                    body=form.cleaned_data["body"],
                    subject=form.cleaned_data["subject"],
                    text=form.cleaned_data["text"],
                    acting_user=request.user,
                ),
            )
            if complaint:
                messages.success(request, _("Your complaint has been sent to the regulator."))
                return redirect("enterprises:complaint-detail", pk=complaint.pk)
    else:
        form = ComplaintForm(user=request.user)
    return render(request, "enterprises/outputs/complaint_form.html", {"form": form})


def _complaint(request: HttpRequest, pk: int):
    complaint = selectors.complaint_detail(user=request.user, pk=pk)
    if complaint is None:
        raise Http404
    return complaint


def _complaint_page(request, complaint, *, respond_form=None, close_form=None, status=200):
    user = request.user
    can_respond = complaint.state == ComplaintState.FORWARDED and user.has_perm(
        "enterprises.respond_complaint", complaint
    )
    can_close = complaint.state != ComplaintState.CLOSED and user.has_perm("enterprises.close_complaint", complaint)
    return render(
        request,
        "enterprises/outputs/complaint_detail.html",
        {
            "complaint": complaint,
            "can_forward": complaint.state == ComplaintState.SUBMITTED
            and user.has_perm("enterprises.forward_complaint", complaint),
            "respond_form": respond_form
            or (
                ComplaintRespondForm(
                    initial={"response": complaint.body_response, "expected_response": complaint.body_response}
                )
                if can_respond
                else None
            ),
            "close_form": close_form or (ComplaintCloseForm() if can_close else None),
        },
        status=status,
    )


@require_GET
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _complaint_page(request, _complaint(request, pk))


@require_POST
def complaint_forward(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    require_perm(request.user, "enterprises.forward_complaint", complaint)
    _act(
        request,
        lambda: services.complaint_forward(complaint=complaint, acting_user=request.user),
        _("The complaint has been forwarded to %(body)s.") % {"body": complaint.body.name},
    )
    return redirect("enterprises:complaint-detail", pk=complaint.pk)


@require_POST
def complaint_respond(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    require_perm(request.user, "enterprises.respond_complaint", complaint)
    form = ComplaintRespondForm(request.POST)
    if form.is_valid():
        saved = save_or_show_errors(
            form,
            lambda: services.complaint_respond(
                complaint=complaint,
                response=form.cleaned_data["response"],
                expected_response=form.cleaned_data["expected_response"],
                acting_user=request.user,
            ),
        )
        if saved:
            messages.success(request, _("Your response has been recorded."))
            return redirect("enterprises:complaint-detail", pk=complaint.pk)
    return _complaint_page(request, complaint, respond_form=form, status=400)


@require_POST
def complaint_close(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    require_perm(request.user, "enterprises.close_complaint", complaint)
    form = ComplaintCloseForm(request.POST)
    if form.is_valid():
        saved = save_or_show_errors(
            form,
            lambda: services.complaint_close(
                complaint=complaint, note=form.cleaned_data["note"], acting_user=request.user
            ),
        )
        if saved:
            messages.success(request, _("The complaint has been closed."))
            return redirect("enterprises:complaint-detail", pk=complaint.pk)
    return _complaint_page(request, complaint, close_form=form, status=400)
