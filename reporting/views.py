"""The reports page (DESIGN.md §7, §9): the reports a role may see with a progress bar polled by htmx while one is
queued or running, the form to ask for one, a report's page, and the download through ``visible_to``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from accounts.scope import scope_of
from portal.files import attachment_response
from portal.jobs import JobStatus
from portal.scoping import get_visible_or_404
from reporting.forms import ReportRequestForm
from reporting.models import ReportJob
from reporting.selectors import report_list, report_scope_resolve
from reporting.services import report_request
from supervision.views.rounds import chosen_campaign

# Who has a reports page (experts and reviewers have no report of their own).
REPORT_ROLES = {Role.REGULATOR, Role.MEMBER_UNIT, Role.CB_MANAGER, Role.ENTERPRISE}


def _require_reader(request: HttpRequest) -> None:
    scope = scope_of(request.user)
    if scope is None or scope.role not in REPORT_ROLES:
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def report_list_view(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    campaign, campaigns = chosen_campaign(request)
    form = None
    if campaign is not None:
        form = ReportRequestForm(request.POST or None, user=request.user, campaign=campaign)
        if request.method == "POST" and form.is_valid():
            scope_name, target_id = form.scope_parts()
            report_scope = report_scope_resolve(
                user=request.user, campaign=campaign, scope_name=scope_name, target_id=target_id
            )
            try:
                if report_scope is None:
                    raise PermissionDenied
                job, created = report_request(
                    user=request.user, kind_key=form.cleaned_data["kind"], report_scope=report_scope
                )
            except PermissionDenied:
                form.add_error(
                    None, _("This report cannot be made for what you chose. Choose another report or scope.")
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if created:
                    messages.success(request, _("The report has been queued; this page shows its progress."))
                else:
                    messages.info(request, _("This report is already being made; here it is."))
                return redirect("reporting:detail", pk=job.pk)
    jobs = list(report_list(user=request.user, campaign=campaign)) if campaign else []
    return render(
        request,
        "reporting/report_list.html",
        {"jobs": jobs, "form": form, "campaign": campaign, "campaigns": campaigns},
    )


def _job(request: HttpRequest, pk: int) -> ReportJob:
    return get_visible_or_404(
        ReportJob.objects.select_related("campaign__tenant", "district", "body", "round", "enrolment__enterprise"),
        request.user,
        pk=pk,
    )


@require_GET
def report_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "reporting/report_detail.html", {"job": job})


@require_GET
def report_progress_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx while the job is queued or running; once it ends the page reloads."""
    job = _job(request, pk)
    response = render(request, "reporting/_progress.html", {"job": job})
    if not job.is_active and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_GET
def report_download_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The finished file, as an attachment with its Chinese name (RFC 5987 ``filename*``); 404 for a job the reader
    may not see or one not finished."""
    job = _job(request, pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    return attachment_response(job.file, job.download_name)
