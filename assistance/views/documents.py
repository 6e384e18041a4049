"""Pages for the documented system (附件二(三)): uploading a document or a new revision, downloading one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assistance.forms.documents import SystemDocumentForm
from assistance.models import SystemDocument
from assistance.permissions import RECORD_WORK
from assistance.services import documents as services
from assistance.views.shared import assisted_enrolment, form_page, work_url
from portal.files import attachment_response
from portal.views import require_perm, row_to_read, save_or_show_errors


@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = assisted_enrolment(request, pk)
    require_perm(request.user, RECORD_WORK, enrolment)
    if request.method == "POST":
        form = SystemDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            saved = save_or_show_errors(
                form,
                lambda: services.system_document_add(
                    enrolment=enrolment,
                    level=data["level"],
                    title=data["title"],
                    revision=data["revision"],
                    upload=data["file"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The document has been uploaded."))
                return redirect(work_url(enrolment.pk, "documents"))
    else:
        initial = {}
        source = request.GET.get("revises", "")
        if source.isdigit():
            # A new revision keeps the level and title of the document it revises.
            document = row_to_read(SystemDocument, request.user, pk=int(source), enrolment=enrolment)
            initial = {"level": document.level, "title": document.title}
        form = SystemDocumentForm(initial=initial)
    return form_page(request, form, title=_("Upload a system document"), enrolment=enrolment)


@require_GET
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    document = row_to_read(SystemDocument, request.user, pk=pk)
    return attachment_response(document.file, document.original_name)
