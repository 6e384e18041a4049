"""Pages for working groups (附件一, R6)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assistance.forms.groups import WorkingGroupForm, body_people
from assistance.models import WorkingGroup
from assistance.selectors import groups as selectors
from assistance.selectors.bodies import own_body
from assistance.services import groups as services
from assistance.views.shared import chosen_campaign
from campaign.selectors import campaign_current, campaign_list
from portal.views import require_perm, save_or_show_errors


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    campaign = chosen_campaign(request)
    return render(
        request,
        "assistance/groups/list.html",
        {
            "campaign": campaign,
            "campaigns": campaign_list(user=request.user),
            "groups": selectors.working_group_list(user=request.user, campaign=campaign),
            "can_add": request.user.has_perm("assistance.add_workinggroup"),
        },
    )


def _visible_group(request: HttpRequest, pk: int) -> WorkingGroup:
    return get_object_or_404(selectors.working_group_list(user=request.user), pk=pk)


@require_GET
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _visible_group(request, pk)
    return render(
        request,
        "assistance/groups/detail.html",
        {"group": group, "can_edit": request.user.has_perm("assistance.change_workinggroup", group)},
    )


def _member_specs(form) -> list[services.MemberSpec]:
    return [services.MemberSpec(user=u, role=r, is_leader=lead) for u, r, lead in form.members()]


@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.add_workinggroup")
    people = body_people(own_body(request.user))
    if request.method == "POST":
        form = WorkingGroupForm(request.POST, user=request.user, people=people)
        if form.is_valid():
            data = form.cleaned_data
            group = save_or_show_errors(
                form,
                lambda: services.working_group_create(
                    campaign=data["campaign"],
                    name=data["name"],
                    districts=list(data["districts"]),
                    members=_member_specs(form),
                    acting_user=request.user,
                ),
            )
            if group:
                messages.success(request, _("The working group %(name)s has been set up.") % {"name": group})
                return redirect("assistance:group-detail", pk=group.pk)
    else:
        campaign = campaign_current(user=request.user)
        form = WorkingGroupForm(user=request.user, people=people, initial={"campaign": campaign})
    return render(request, "assistance/groups/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = _visible_group(request, pk)
    require_perm(request.user, "assistance.change_workinggroup", group)
    people = body_people(group.body)
    if request.method == "POST":
        form = WorkingGroupForm(request.POST, user=request.user, people=people, initial={"campaign": group.campaign_id})
        form.fields["campaign"].disabled = True  # a group stays in its campaign
        if form.is_valid():
            data = form.cleaned_data
            saved = save_or_show_errors(
                form,
                lambda: services.working_group_update(
                    group=group,
                    name=data["name"],
                    districts=list(data["districts"]),
                    members=_member_specs(form),
                    expected_version=data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The working group %(name)s has been saved.") % {"name": saved})
                return redirect("assistance:group-detail", pk=saved.pk)
    else:
        members = {m.user_id: m for m in group.members.all()}
        initial = {
            "name": group.name,
            "campaign": group.campaign_id,
            "districts": [d.pk for d in group.districts.all()],
            "version": group.version,
            "leader": next((uid for uid, m in members.items() if m.is_leader), None),
        }
        initial.update({f"member_{uid}": m.role for uid, m in members.items()})
        form = WorkingGroupForm(user=request.user, people=people, initial=initial)
        form.fields["campaign"].disabled = True
    return render(request, "assistance/groups/form.html", {"form": form, "group": group})
