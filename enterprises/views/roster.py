"""HTML pages of the roster import (附件二(一)): the template, the upload, the preview and confirmation, progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from campaign.selectors import campaign_current
from enterprises.forms.roster import RosterUploadForm
from enterprises.models import RosterImport, RosterImportStatus
from enterprises.selectors import roster as selectors
from enterprises.services import roster as services
from enterprises.views.common import xlsx_response
from portal.views import require_perm, save_or_show_errors


@require_GET
def roster_template(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "enterprises.keep_enterprise_records")
    return xlsx_response(selectors.roster_template(user=request.user), "企业名单模板.xlsx")


@require_http_methods(["GET", "POST"])
def roster_upload(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "enterprises.keep_enterprise_records")
    campaign = campaign_current(user=request.user)
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if campaign is None:
            form.add_error(None, _("There is no campaign to nominate the enterprises into yet."))
        elif form.is_valid():
            job = save_or_show_errors(
                form,
                lambda: services.roster_import_upload(
                    upload=form.cleaned_data["file"], campaign=campaign, acting_user=request.user
                ),
            )
            if job:
                return redirect("enterprises:roster-detail", pk=job.pk)
    else:
        form = RosterUploadForm()
    return render(
        request,
        "enterprises/roster_upload.html",
        {"form": form, "campaign": campaign, "jobs": selectors.roster_import_list(user=request.user)},
    )


def _visible_job(request: HttpRequest, pk: int) -> RosterImport:
    return get_object_or_404(
        RosterImport.objects.visible_to(request.user).select_related("campaign", "created_by"), pk=pk
    )


@require_http_methods(["GET", "POST"])
def roster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _visible_job(request, pk)
    if request.method == "POST":
        try:
            job = services.roster_import_confirm(job=job, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if job.status == RosterImportStatus.DONE:
                messages.success(
                    request,
                    _("%(total)d enterprises imported and nominated (%(created)d new, %(updated)d updated).")
                    % {"total": job.total, "created": job.created, "updated": job.updated},
                )
        return redirect("enterprises:roster-detail", pk=job.pk)
    # Every column that will be stored, headed as the file wrote it (imports from before the summary: the template's).
    columns = job.reading.get("columns") or selectors.COLUMNS
    return render(
        request,
        "enterprises/roster_detail.html",
        {
            "job": job,
            "columns": columns,
            "table_rows": [(row, [row["values"].get(key, "") for key, _header in columns]) for row in job.rows],
            "can_confirm": job.status == RosterImportStatus.PREVIEWED
            and not job.error_count
            and job.created_by_id == request.user.pk,
            "running": job.status
            in (RosterImportStatus.READING, RosterImportStatus.QUEUED, RosterImportStatus.RUNNING),
        },
    )


@require_GET
def roster_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx while a large roster imports; once finished it asks for a full reload."""
    job = get_object_or_404(RosterImport.objects.visible_to(request.user).defer("rows"), pk=pk)
    running = job.status in (RosterImportStatus.READING, RosterImportStatus.QUEUED, RosterImportStatus.RUNNING)
    response = render(request, "enterprises/_roster_progress.html", {"job": job, "running": running})
    if not running and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response
