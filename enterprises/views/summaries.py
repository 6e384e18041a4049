"""The enterprise's 《企业实施情况及成效总结》: upload and download."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from campaign.models import DeadlineKind
from campaign.selectors import deadline_for
from enterprises.forms.summaries import SummaryForm
from enterprises.policy import EnrolmentRecord, enrolment_write_refusal
from enterprises.selectors import summaries as selectors
from enterprises.services import summaries as services
from enterprises.views.common import progress_enrolment_or_404
from portal.files import attachment_response
from portal.views import require_perm, save_or_show_errors


@require_http_methods(["GET", "POST"])
def summary_upload(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = progress_enrolment_or_404(request, pk)
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
        "enterprises/summary_form.html",
        {
            "enrolment": enrolment,
            "form": form,
            "summary": summary,
            "refusal": enrolment_write_refusal(enrolment, EnrolmentRecord.OUTPUTS),
            "history": selectors.summary_history(summary) if summary else [],
            "deadline": deadline_for(enrolment.campaign, DeadlineKind.ENTERPRISE_SUMMARY),
        },
    )


@require_GET
def summary_download(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = progress_enrolment_or_404(request, pk)
    summary = selectors.summary_for(user=request.user, enrolment=enrolment)
    if summary is None:
        raise Http404
    return attachment_response(summary.file, summary.original_name)
