"""Pages for visits: logging one (the assigned expert only), reading one, downloading its files."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assistance.forms.visits import VisitForm
from assistance.models import Visit, VisitFile
from assistance.permissions import LOG_VISIT
from assistance.services import visits as services
from assistance.views.shared import assisted_enrolment, form_page, work_url
from portal.files import attachment_response
from portal.views import require_perm, row_to_read, save_or_show_errors


@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = assisted_enrolment(request, pk)
    require_perm(request.user, LOG_VISIT, enrolment)
    if request.method == "POST":
        form = VisitForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            visit = save_or_show_errors(
                form,
                lambda: services.visit_log(
                    enrolment=enrolment,
                    kind=data["kind"],
                    visited_on=data["visited_on"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    participants=data["participants"],
                    notes=data["notes"],
                    files=data["files"],
                    acting_user=request.user,
                ),
            )
            if visit:
                messages.success(request, _("The visit has been logged."))
                return redirect(work_url(enrolment.pk, "visits"))
    else:
        form = VisitForm()
    return form_page(request, form, title=_("Log a visit"), enrolment=enrolment)


@require_GET
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user)
        .select_related("enrolment__enterprise", "enrolment__campaign", "expert__user", "created_by")
        .prefetch_related("files"),
        pk=pk,
    )
    return render(request, "assistance/visits/detail.html", {"visit": visit, "enrolment": visit.enrolment})


@require_GET
def visit_file(request: HttpRequest, pk: int) -> HttpResponse:
    row = row_to_read(VisitFile, request.user, pk=pk)
    return attachment_response(row.file, row.original_name)
