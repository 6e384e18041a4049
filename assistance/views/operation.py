"""Pages for operating the system (R7, 附件二(三)2): its start, the internal audit and the management review."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assistance.forms.operation import InternalAuditForm, ManagementReviewForm, OperationStartForm
from assistance.models import InternalAudit, ManagementReview
from assistance.permissions import RECORD_WORK
from assistance.policy import MIN_OPERATION_MONTHS, is_certified
from assistance.services import operation as services
from assistance.views.shared import assisted_enrolment, form_page, work_url
from portal.files import attachment_response
from portal.views import require_perm, row_to_read, save_or_show_errors, submit


@require_http_methods(["GET", "POST"])
def operation_start(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = assisted_enrolment(request, pk)
    require_perm(request.user, RECORD_WORK, enrolment)
    if request.method == "POST":
        form = OperationStartForm(request.POST)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.operation_start_record(
                    enrolment=enrolment,
                    started_on=form.cleaned_data["operation_started_on"],
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The start of operation has been recorded."))
                return redirect(work_url(enrolment.pk, "operation"))
    else:
        form = OperationStartForm(
            initial={"operation_started_on": enrolment.operation_started_on, "version": enrolment.version}
        )
    return form_page(
        request,
        form,
        title=_("Start of operation"),
        enrolment=enrolment,
        note=_(
            "附件二(三)2: the system runs at least %(months)s months before the internal audit and management "
            "review count."
        )
        % {"months": MIN_OPERATION_MONTHS},
    )


_AUDIT_FIELDS = ("mode", "auditor_training_done", "starts_at", "ends_at", "plan_file", "report_file")
_REVIEW_FIELDS = ("mode", "held_at", "plan_file", "report_file")


def _fields(data, names) -> dict:
    """The service's arguments from the form's data (None for a field the form refused)."""
    return {name: data.get(name) for name in names}


def _record_mode_note(enrolment) -> str:
    if is_certified(enrolment):
        return _(
            "This enterprise is already certified: if it did this year's record itself, choose “verified by the "
            "expert” and attach its plan and report."
        )
    return ""


@require_http_methods(["GET", "POST"])
def internal_audit_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = assisted_enrolment(request, pk)
    require_perm(request.user, RECORD_WORK, enrolment)
    if request.method == "POST":
        form = InternalAuditForm(request.POST, request.FILES)
        saved = submit(
            form,
            lambda: services.internal_audit_record(
                enrolment=enrolment, **_fields(form.cleaned_data, _AUDIT_FIELDS), acting_user=request.user
            ),
            check=lambda data: services.internal_audit_check(enrolment=enrolment, **_fields(data, _AUDIT_FIELDS)),
        )
        if saved:
            messages.success(request, _("The internal audit has been recorded."))
            return redirect(work_url(enrolment.pk, "operation"))
    else:
        form = InternalAuditForm()
    return form_page(
        request, form, title=_("Record the internal audit"), enrolment=enrolment, note=_record_mode_note(enrolment)
    )


@require_http_methods(["GET", "POST"])
def management_review_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = assisted_enrolment(request, pk)
    require_perm(request.user, RECORD_WORK, enrolment)
    if request.method == "POST":
        form = ManagementReviewForm(request.POST, request.FILES)
        saved = submit(
            form,
            lambda: services.management_review_record(
                enrolment=enrolment, **_fields(form.cleaned_data, _REVIEW_FIELDS), acting_user=request.user
            ),
            check=lambda data: services.management_review_check(enrolment=enrolment, **_fields(data, _REVIEW_FIELDS)),
        )
        if saved:
            messages.success(request, _("The management review has been recorded."))
            return redirect(work_url(enrolment.pk, "operation"))
    else:
        form = ManagementReviewForm()
    return form_page(
        request, form, title=_("Record the management review"), enrolment=enrolment, note=_record_mode_note(enrolment)
    )


@require_GET
def internal_audit_file(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    audit = row_to_read(InternalAudit, request.user, pk=pk)
    if which == "plan":
        return attachment_response(audit.plan_file, audit.plan_name)
    return attachment_response(audit.report_file, audit.report_name)


@require_GET
def management_review_file(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    review = row_to_read(ManagementReview, request.user, pk=pk)
    if which == "plan":
        return attachment_response(review.plan_file, review.plan_name)
    return attachment_response(review.report_file, review.report_name)
