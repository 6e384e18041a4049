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
from portal.views import require_perm, row_to_read, submit


@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = assisted_enrolment(request, pk)
    require_perm(request.user, LOG_VISIT, enrolment)
    if request.method == "POST":
        form = VisitForm(request.POST, request.FILES)
        checked = ("kind", "visited_on", "starts_at", "ends_at")
        visit = submit(
            form,
            lambda: services.visit_log(
                enrolment=enrolment,
                **{name: form.cleaned_data[name] for name in checked},
                participants=form.cleaned_data["participants"],
                notes=form.cleaned_data["notes"],
                files=form.cleaned_data["files"],
                acting_user=request.user,
            ),
            check=lambda data: services.visit_check(
                enrolment=enrolment, **{name: data[name] for name in checked}, files=data["files"]
            ),
        )
        if visit:
            messages.success(request, _("The visit has been logged."))
            return redirect(work_url(enrolment.pk, "visits"))
    else:
        form = VisitForm()
    return form_page(request, form, title=_("Log a visit"), enrolment=enrolment, draft=True)


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
