"""The enterprise's 附件二 checklist page: its own (its home in the campaign) and any visible enrolment's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Role
from enterprises.selectors import progress as selectors
from enterprises.views.common import progress_enrolment_or_404, role_of


@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    """The signed-in enterprise's own checklist for the current campaign."""
    if role_of(request.user) != Role.ENTERPRISE:
        raise PermissionDenied
    enrolment = selectors.own_current_enrolment(user=request.user)
    context = {"enrolment": enrolment, "own": True}
    if enrolment is not None:
        context["progress"] = selectors.enrolment_progress(user=request.user, enrolment=enrolment)
        context["can_edit_outcome"] = request.user.has_perm("enterprises.change_outcome", enrolment)
    return render(request, "enterprises/progress.html", context)


@require_GET
def enrolment_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The same checklist for whoever may see the enrolment (district, expert, body, regulator, the enterprise)."""
    enrolment = progress_enrolment_or_404(request, pk)
    return render(
        request,
        "enterprises/progress.html",
        {
            "enrolment": enrolment,
            "own": role_of(request.user) == Role.ENTERPRISE,
            "progress": selectors.enrolment_progress(user=request.user, enrolment=enrolment),
            "can_edit_outcome": request.user.has_perm("enterprises.change_outcome", enrolment),
        },
    )
