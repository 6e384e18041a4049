"""What the assistance pages share: the campaign a list shows, the assisted enrolment a work page is about, the
generic record form page, and a foreign choice answered like a missing row."""

from __future__ import annotations

from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from assistance.selectors.enrolments import work_enrolment_queryset
from campaign.models import Campaign
from campaign.selectors import campaign_current
from enterprises.models import Enrolment
from portal.views import row_to_read

PAGE_SIZE = 50


def chosen_campaign(request: HttpRequest) -> Campaign | None:
    """?campaign=<id> (a foreign or unknown id is a 404), else the user's current campaign (None when there is
    none)."""
    value = request.GET.get("campaign")
    if value:
        if not value.isdigit():
            raise Http404
        return row_to_read(Campaign, request.user, pk=int(value))
    return campaign_current(user=request.user)


def foreign_choice_is_404(form) -> None:
    """A chosen id outside the user's rows (foreign, or missing) answers like a missing row in the URL: 404."""
    for name, errors in form.errors.as_data().items():
        if isinstance(form.fields.get(name), ModelChoiceField) and any(
            error.code in ("invalid_choice", "invalid_pk_value", "invalid_list") for error in errors
        ):
            raise Http404


def assisted_enrolment(request: HttpRequest, pk: int) -> Enrolment:
    """The enrolment ``pk`` for its work pages, with what they show about it; 404 when the user cannot see it."""
    return get_object_or_404(work_enrolment_queryset(request.user), pk=pk)


def work_url(enrolment_pk: int, anchor: str = "") -> str:
    """The enrolment's work page, at ``anchor`` (a section id) when given."""
    return reverse("assistance:work-enrolment", args=[enrolment_pk]) + (f"#{anchor}" if anchor else "")


def form_page(
    request,
    form,
    *,
    title: str,
    enrolment=None,
    subtitle: str = "",
    cancel_url: str = "",
    note: str = "",
    draft: bool = False,
) -> HttpResponse:
    """The page of one record form of the expert's work (assistance/record_form.html). ``draft``: a long form typed
    on site, kept as a draft in the browser while typing (static/js/session.js)."""
    return render(
        request,
        "assistance/record_form.html",
        {
            "form": form,
            "title": title,
            "enrolment": enrolment,
            "subtitle": subtitle or (enrolment.enterprise.name if enrolment else ""),
            "cancel_url": cancel_url or (work_url(enrolment.pk) if enrolment else reverse("home")),
            "note": note,
            "draft": draft,
            "has_files": any(getattr(f.widget, "needs_multipart_form", False) for f in form.fields.values()),
        },
    )
