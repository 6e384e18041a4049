"""Pages for trainings (附件二(三)1) and R8 compliance per district."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from accounts.scope import scope_of
from assistance.forms.trainings import TrainingForm
from assistance.models import Training
from assistance.permissions import ADD_TRAINING
from assistance.policy import covered_districts
from assistance.selectors import trainings as selectors
from assistance.services import trainings as services
from assistance.views.shared import PAGE_SIZE, chosen_campaign, foreign_choice_is_404, form_page
from campaign.models import MemberUnit
from campaign.selectors import campaign_current, campaign_list
from portal.files import attachment_response
from portal.views import require_perm, row_to_read, submit


@require_GET
def training_list(request: HttpRequest) -> HttpResponse:
    campaign = chosen_campaign(request)
    trainings = selectors.training_list(user=request.user, campaign=campaign) if campaign else Training.objects.none()
    page = Paginator(trainings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/trainings/list.html",
        {
            "campaign": campaign,
            "campaigns": campaign_list(user=request.user),
            "page": page,
            "trainings": page.object_list,
            "can_add": campaign is not None and request.user.has_perm(ADD_TRAINING, campaign),
            # A city bureau has no district: the per-district table is empty for it, so it is not offered.
            "can_see_compliance": request.user.has_perm("assistance.view_training_compliance")
            and not _is_city_bureau(request.user),
        },
    )


@require_GET
def training_compliance(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.view_training_compliance")
    campaign = chosen_campaign(request)
    rows = selectors.training_compliance(user=request.user, campaign=campaign) if campaign else []
    return render(
        request,
        "assistance/trainings/compliance.html",
        {
            "campaign": campaign,
            "campaigns": campaign_list(user=request.user),
            "rows": rows,
            "failing": sum(1 for row in rows if not row.is_compliant),
        },
    )


@require_http_methods(["GET", "POST"])
def training_create(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current(user=request.user)
    if campaign is None:
        raise Http404
    require_perm(request.user, ADD_TRAINING, campaign)
    scope = scope_of(request.user)
    own_district = (
        MemberUnit.objects.visible_to(request.user).filter(pk=scope.member_unit_id).first()
        if scope.member_unit_id
        else None
    )
    covered = (
        covered_districts(body_id=scope.certification_body_id, campaign_id=campaign.pk)
        if scope.certification_body_id
        else None
    )
    if request.method == "POST":
        form = TrainingForm(request.POST, request.FILES, user=request.user, own_district=own_district, covered=covered)
        checked = ("kind", "tier", "district", "held_on", "topic", "person_times", "materials")
        saved = submit(
            form,
            lambda: services.training_record(
                campaign=campaign,
                **{name: form.cleaned_data[name] for name in checked},
                enterprises=form.cleaned_data["enterprises"],
                acting_user=request.user,
            ),
            check=lambda data: services.training_check(
                campaign=campaign, body_id=scope.certification_body_id, **{name: data[name] for name in checked}
            ),
        )
        if saved:
            messages.success(request, _("The training has been recorded."))
            return redirect("assistance:training-detail", pk=saved.pk)
        foreign_choice_is_404(form)
    else:
        form = TrainingForm(user=request.user, own_district=own_district, covered=covered)
    return form_page(
        request,
        form,
        title=_("Record a training"),
        subtitle=campaign.title,
        cancel_url=reverse("assistance:training-list"),
        note=_(
            "R8 (附件二(三)1): every district holds at least one centralised and one industry training during the "
            "campaign."
        ),
    )


@require_GET
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(
        Training.objects.visible_to(request.user).select_related("campaign", "district", "organiser", "created_by"),
        pk=pk,
    )
    attending = row.enterprises.visible_to(request.user).order_by("name")
    return render(request, "assistance/trainings/detail.html", {"training": row, "attending": attending})


@require_GET
def training_materials(request: HttpRequest, pk: int) -> HttpResponse:
    row = row_to_read(Training, request.user, pk=pk)
    return attachment_response(row.materials, row.materials_name)


def _is_city_bureau(user) -> bool:
    scope = scope_of(user)
    return scope is not None and scope.role == Role.MEMBER_UNIT and not scope.member_unit_is_district
