"""The regulator records a supervision visit (with a rectification asked in the same form), reads it, adds more
requests from it, and downloads its files."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from campaign import selectors as campaign_selectors
from portal.files import attachment_response
from portal.views import row_to_change, row_to_read, submit
from supervision.forms import RequestForm, VisitForm, party_key
from supervision.models import RectificationRequest, SupervisionRound, SupervisionVisit, SupervisionVisitFile
from supervision.selectors.rectifications import annotate_overdue
from supervision.services.rectifications import request_check, request_create
from supervision.services.visits import visit_check, visit_record
from supervision.views.rounds import require_regulator

_ROUND_ROWS = SupervisionRound.objects.select_related("campaign").prefetch_related("campaign__phases")


@require_http_methods(["GET", "POST"])
def visit_create_view(request: HttpRequest, round_pk: int) -> HttpResponse:
    round = row_to_change(_ROUND_ROWS, request.user, "supervision.add_supervisionvisit", pk=round_pk)
    form_kwargs = {"user": request.user, "tenant_id": round.campaign.tenant_id, "campaign_id": round.campaign_id}
    if not round.is_open:
        messages.info(request, _("This round is closed; no more visits are recorded in it."))
        return redirect("supervision:round-detail", pk=round.pk)
    if request.method == "POST":
        form = VisitForm(request.POST, request.FILES, **form_kwargs)
        visit = submit(
            form,
            lambda: visit_record(
                round=round,
                target=form.cleaned_data["target"],
                visited_on=form.cleaned_data["visited_on"],
                staff=form.cleaned_data["staff"],
                observations=form.cleaned_data["observations"],
                findings=form.cleaned_data["findings"],
                internal_notes=form.cleaned_data["internal_notes"],
                files=form.cleaned_data["files"] or [],
                asked=form.cleaned_data["asked"],
                due_on=form.cleaned_data["due_on"],
                acting_user=request.user,
            ),
            check=lambda data: visit_check(
                round=round,
                visited_on=data["visited_on"],
                observations=data["observations"],
                asked=data["asked"],
                due_on=data["due_on"],
            ),
        )
        if visit:
            messages.success(request, _("The supervision visit has been recorded."))
            return redirect("supervision:visit-detail", pk=visit.pk)
    else:
        form = VisitForm(
            initial={"visited_on": campaign_selectors.today_local(), "staff": [request.user.pk]}, **form_kwargs
        )
    return render(request, "supervision/visit_form.html", {"form": form, "round": round})


_VISIT_ROWS = SupervisionVisit.objects.select_related(
    "round", "round__campaign", "member_unit", "body", "enterprise", "created_by"
).prefetch_related("staff", "files")


def _visit_page(request: HttpRequest, visit: SupervisionVisit, form) -> HttpResponse:
    requests = annotate_overdue(
        RectificationRequest.objects.visible_to(request.user)
        .filter(visit=visit)
        .select_related("member_unit", "body", "enterprise")
        .order_by("due_on", "pk"),
        campaign_selectors.today_local(),
    )
    return render(
        request,
        "supervision/visit_detail.html",
        {"visit": visit, "round": visit.round, "requests": requests, "form": form},
    )


@require_http_methods(["GET", "POST"])
def visit_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The visit in full (regulator), with the form to ask a further rectification (of the party visited or
    another)."""
    visit = row_to_read(_VISIT_ROWS, request.user, pk=pk)  # 404 first: a foreign visit looks missing
    require_regulator(request)
    form_kwargs = {
        "user": request.user,
        "tenant_id": visit.round.campaign.tenant_id,
        "campaign_id": visit.round.campaign_id,
    }
    if request.method == "POST":
        row_to_change(SupervisionRound, request.user, "supervision.add_supervisionvisit", pk=visit.round_id)
        form = RequestForm(request.POST, **form_kwargs)
        created = submit(
            form,
            lambda: request_create(
                visit=visit,
                party=form.cleaned_data["party"],
                asked=form.cleaned_data["asked"],
                due_on=form.cleaned_data["due_on"],
                acting_user=request.user,
            ),
            check=lambda data: request_check(visit=visit, asked=data["asked"], due_on=data["due_on"]),
        )
        if created:
            messages.success(
                request, _("The rectification request has been sent to %(party)s.") % {"party": created.party}
            )
            return redirect("supervision:visit-detail", pk=visit.pk)
    else:
        form = RequestForm(initial={"party": party_key(visit.party)}, **form_kwargs)
    return _visit_page(request, visit, form if visit.round.is_open else None)


@require_GET
def visit_file_view(request: HttpRequest, pk: int) -> HttpResponse:
    row = row_to_read(SupervisionVisitFile, request.user, pk=pk)
    return attachment_response(row.file, row.original_name)
