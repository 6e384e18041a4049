"""The regulator's supervision rounds: list with counts, create, detail with visits and requests, close."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaign import selectors as campaign_selectors
from campaign.forms import VersionedForm
from campaign.models import Campaign
from portal.views import row_to_change, row_to_read, save_or_show_errors, submit
from supervision.forms import RoundForm
from supervision.models import SupervisionRound
from supervision.selectors.rectifications import annotate_overdue
from supervision.selectors.rounds import round_list, round_visits
from supervision.services.rounds import round_check, round_close, round_create


def require_regulator(request: HttpRequest) -> None:
    if not request.user.has_perm("supervision.manage"):
        raise PermissionDenied


def chosen_campaign(request: HttpRequest) -> tuple[Campaign | None, list]:
    """The campaign picked in ?campaign= (one the user sees), else the current one; and the choices."""
    campaigns = list(campaign_selectors.campaign_list(user=request.user))
    picked = request.GET.get("campaign")
    if picked and picked.isdigit():
        for option in campaigns:
            if option.pk == int(picked):
                return option, campaigns
    return campaign_selectors.campaign_current(user=request.user), campaigns


@require_GET
def round_list_view(request: HttpRequest) -> HttpResponse:
    require_regulator(request)
    today = campaign_selectors.today_local()
    campaign, campaigns = chosen_campaign(request)
    rows = list(round_list(user=request.user, today=today, campaign=campaign)) if campaign else []
    return render(
        request,
        "supervision/round_list.html",
        {"rounds": rows, "campaign": campaign, "campaigns": campaigns, "today": today},
    )


@require_http_methods(["GET", "POST"])
def round_create_view(request: HttpRequest) -> HttpResponse:
    require_regulator(request)
    campaign, _campaigns = chosen_campaign(request)
    if campaign is None:
        messages.info(request, _("There is no campaign yet."))
        return redirect("supervision:round-list")
    if request.method == "POST":
        form = RoundForm(request.POST)
        row = submit(
            form,
            lambda: round_create(
                campaign=campaign,
                title=form.cleaned_data["title"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                acting_user=request.user,
            ),
            check=lambda data: round_check(title=data["title"], starts_on=data["starts_on"], ends_on=data["ends_on"]),
        )
        if row:
            messages.success(request, _("The supervision round has been created."))
            return redirect("supervision:round-detail", pk=row.pk)
    else:
        form = RoundForm(initial={"starts_on": campaign_selectors.today_local()})
    return render(request, "supervision/round_form.html", {"form": form, "campaign": campaign})


_ROUND_ROWS = SupervisionRound.objects.select_related("campaign", "created_by")


@require_GET
def round_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    round = row_to_read(_ROUND_ROWS, request.user, pk=pk)  # 404 first: a foreign round looks missing
    require_regulator(request)
    today = campaign_selectors.today_local()
    visits = round_visits(user=request.user, round=round)
    requests = [request_row for visit in visits for request_row in visit.requests.all()]
    annotate_overdue(requests, today)
    still_open = sum(1 for row in requests if not row.is_closed)
    return render(
        request,
        "supervision/round_detail.html",
        {
            "round": round,
            "visits": visits,
            "requests": sorted(requests, key=lambda row: (row.due_on, row.pk)),
            "still_open": still_open,
            "overdue": sum(1 for row in requests if row.days_overdue),
            "close_form": VersionedForm(initial={"version": round.version}),
            "can_change": request.user.has_perm("supervision.change_supervisionround", round),
        },
    )


@require_POST
def round_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    round = row_to_change(SupervisionRound, request.user, "supervision.change_supervisionround", pk=pk)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; reload the page and try again."))
        return redirect("supervision:round-detail", pk=round.pk)
    closed = save_or_show_errors(
        form,
        lambda: round_close(round=round, expected_version=form.cleaned_data["version"], acting_user=request.user),
    )
    if closed:
        messages.success(request, _("The supervision round has been closed."))
    else:
        for error in form.non_field_errors():
            messages.error(request, error)
    return redirect("supervision:round-detail", pk=round.pk)
