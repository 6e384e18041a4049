"""Pages for a body's assistance experts (附件一; R3 specialties, R4 home district)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assistance.forms.experts import ExpertCreateForm, ExpertEditForm
from assistance.models import Expert
from assistance.policy import MAX_ENTERPRISES_PER_EXPERT
from assistance.selectors import experts as selectors
from assistance.services import experts as services
from assistance.views.shared import chosen_campaign
from campaign.selectors import campaign_list
from portal.views import require_perm, row_to_change, save_or_show_errors


@require_GET
def expert_list(request: HttpRequest) -> HttpResponse:
    campaign = chosen_campaign(request)
    return render(
        request,
        "assistance/experts/list.html",
        {
            "campaign": campaign,
            "campaigns": campaign_list(user=request.user),
            "experts": selectors.with_specialty_labels(selectors.expert_list(user=request.user, campaign=campaign)),
            "can_add": request.user.has_perm("assistance.add_expert"),
            "max_load": MAX_ENTERPRISES_PER_EXPERT,
        },
    )


@require_http_methods(["GET", "POST"])
def expert_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.add_expert")
    if request.method == "POST":
        form = ExpertCreateForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            expert = save_or_show_errors(
                form,
                lambda: services.expert_create(
                    username=data["username"],
                    display_name=data["display_name"],
                    email=data["email"],
                    specialties=data["specialties"],
                    home_district=data["home_district"],
                    phone=data["phone"],
                    site_url=request.build_absolute_uri("/"),
                    acting_user=request.user,
                ),
            )
            if expert:
                messages.success(
                    request,
                    _("The expert %(name)s has been added and invited by e-mail to set a password.") % {"name": expert},
                )
                return redirect("assistance:expert-list")
    else:
        form = ExpertCreateForm(user=request.user)
    return render(request, "assistance/experts/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    expert = row_to_change(Expert, request.user, "assistance.change_expert", pk=pk)
    if request.method == "POST":
        form = ExpertEditForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            saved = save_or_show_errors(
                form,
                lambda: services.expert_update(
                    expert=expert,
                    display_name=data["display_name"],
                    specialties=data["specialties"],
                    home_district=data["home_district"],
                    phone=data["phone"],
                    expected_version=data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The expert %(name)s has been saved.") % {"name": saved})
                return redirect("assistance:expert-list")
    else:
        form = ExpertEditForm(
            user=request.user,
            initial={
                "display_name": expert.user.display_name,
                "specialties": expert.specialties,
                "home_district": expert.home_district_id,
                "phone": expert.phone,
                "version": expert.version,
            },
        )
    return render(request, "assistance/experts/form.html", {"form": form, "expert": expert})
