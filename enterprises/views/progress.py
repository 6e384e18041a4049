"""The enterprise's 附件二 checklist page: its own (its home in the campaign) and any visible enrolment's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Role
from enterprises.models import Enrolment
from enterprises.policy import EnrolmentRecord, enrolment_write_refusal
from enterprises.selectors import progress as selectors
from enterprises.views.common import progress_enrolment_or_404, role_of


def _write_context(request: HttpRequest, enrolment: Enrolment) -> dict:
    """Which edit links the page shows: none once the records are read-only (enrolment_write_refusal), and the
    regulator's correction of the figures."""
    user = request.user
    return {
        "can_edit_outcome": user.has_perm("enterprises.change_outcome", enrolment)
        and enrolment_write_refusal(enrolment, EnrolmentRecord.FIGURES) is None,
        "can_correct_outcome": user.has_perm("enterprises.correct_outcome", enrolment),
        "outputs_refusal": enrolment_write_refusal(enrolment, EnrolmentRecord.OUTPUTS),
    }


@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    """The signed-in enterprise's own checklist for the current campaign."""
    if role_of(request.user) != Role.ENTERPRISE:
        raise PermissionDenied
    enrolment = selectors.own_current_enrolment(user=request.user)
    context = {"enrolment": enrolment, "own": True}
    if enrolment is not None:
        context["progress"] = selectors.enrolment_progress(user=request.user, enrolment=enrolment)
        context.update(_write_context(request, enrolment))
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
            **_write_context(request, enrolment),
        },
    )
