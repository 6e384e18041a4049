"""催办 pages: the regulator sends one from where it sees a lag; receivers read what was sent to them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scope import scope_of
from assistance.models import CertificationBody
from campaign.models import MemberUnit
from campaign.selectors import campaign_current
from notifications.forms import UrgeForm
from notifications.selectors.notifications import urge_list as urge_rows
from notifications.services.urges import urge_send
from portal.views import submit

PAGE_SIZE = 30


def urge_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope is None or scope.role not in (Role.REGULATOR, Role.MEMBER_UNIT, Role.CB_MANAGER):
        raise PermissionDenied
    page = Paginator(urge_rows(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/urge_list.html", {"page": page, "is_regulator": scope.role == Role.REGULATOR})


def _preselected(request: HttpRequest, queryset, name: str):
    value = request.GET.get(name, "")
    return queryset.filter(pk=int(value)).first() if value.isdigit() else None


def urge_create(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current(user=request.user)
    if campaign is None or not request.user.has_perm("notifications.send_urge", campaign):
        raise PermissionDenied
    units = MemberUnit.objects.visible_to(request.user).order_by("sort_order", "name")
    bodies = CertificationBody.objects.visible_to(request.user).order_by("name")
    if request.method == "POST":
        form = UrgeForm(request.POST, member_units=units, bodies=bodies)
        urge = submit(
            form,
            lambda: urge_send(
                acting_user=request.user,
                campaign=campaign,
                member_unit=form.cleaned_data["member_unit"],
                body=form.cleaned_data["body"],
                note=form.cleaned_data["note"],
                context=form.cleaned_data["context"],
            ),
        )
        if urge is not None:
            messages.success(request, _("Reminder sent to %(receiver)s.") % {"receiver": urge.receiver})
            return redirect("notifications:urge-list")
    else:
        form = UrgeForm(
            member_units=units,
            bodies=bodies,
            initial={
                "member_unit": _preselected(request, units, "member_unit"),
                "body": _preselected(request, bodies, "body"),
                "context": request.GET.get("about", "")[:200],
            },
        )
    return render(request, "notifications/urge_form.html", {"form": form, "campaign": campaign})
