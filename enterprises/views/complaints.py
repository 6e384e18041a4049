"""HTML pages of complaints about a certification body (五(二)2)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.scope import scope_of
from enterprises.forms.complaints import ComplaintCloseForm, ComplaintForm, ComplaintRespondForm
from enterprises.models import ComplaintState, Enterprise
from enterprises.selectors import complaints as selectors
from enterprises.services import complaints as services
from enterprises.views.common import act, role_of
from portal.views import require_perm, row_to_read, save_or_show_errors, submit


@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    role = role_of(request.user)
    if role not in (Role.REGULATOR, Role.ENTERPRISE, Role.CB_MANAGER):
        raise PermissionDenied
    state = request.GET.get("state", "")
    if state and state not in ComplaintState.values:
        state = ""
    return render(
        request,
        "enterprises/complaint_list.html",
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
    enterprise = row_to_read(Enterprise, request.user, pk=scope_of(request.user).enterprise_id)
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
        form = ComplaintForm(
            user=request.user, initial={"body": selectors.assisting_body_id(user=request.user, enterprise=enterprise)}
        )
    return render(request, "enterprises/complaint_form.html", {"form": form})


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
        "enterprises/complaint_detail.html",
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
    act(
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
    saved = submit(
        form,
        lambda: services.complaint_close(
            complaint=complaint,
            note=form.cleaned_data["note"],
            outcome=form.cleaned_data["outcome"],
            acting_user=request.user,
        ),
        check=lambda data: services.complaint_close_check(note=data["note"], outcome=data["outcome"]),
    )
    if saved:
        messages.success(request, _("The complaint has been closed."))
        return redirect("enterprises:complaint-detail", pk=complaint.pk)
    return _complaint_page(request, complaint, close_form=form, status=400)
