"""HTML pages of case selection on a rubric (五(一) 组织专家评选优秀案例): the rubric (every role of the tenant reads
it; the regulator sets it while a draft, opens and closes scoring), the regulator's ranking, reversing a selection
with a reason, publishing the list, and the published list every signed-in user of the city reads. The reviewer's
score on the rubric is the case's score page (enterprises.views.cases.case_score)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaign.models import Campaign
from campaign.selectors import campaign_current
from enterprises.forms.rubrics import PublishForm, RubricCriteriaForm, SelectionReverseForm
from enterprises.models import CaseListPublication, CaseState, RubricState
from enterprises.selectors import cases as case_selectors
from enterprises.selectors import rubrics as selectors
from enterprises.services import rubrics as services
from enterprises.views.common import act, campaign_from
from portal.views import require_perm, row_to_read, save_or_show_errors, submit


def _rubric(request: HttpRequest, pk: int):
    rubric = selectors.rubric_detail(user=request.user, pk=pk)
    if rubric is None:
        raise Http404
    return rubric


@require_GET
def rubric_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    campaign = campaign_current(user=user)
    rubrics = list(selectors.rubric_list(user=user))
    can_create = (
        campaign is not None
        and user.has_perm("enterprises.set_rubric", campaign)
        and all(r.campaign_id != campaign.pk for r in rubrics)
    )
    return render(
        request,
        "enterprises/rubric_list.html",
        {"rubrics": rubrics, "campaign": campaign, "can_create": can_create},
    )


@require_POST
def rubric_create(request: HttpRequest) -> HttpResponse:
    campaign = campaign_from(request)  # ?campaign=, else the current one
    if campaign is None:
        raise Http404
    require_perm(request.user, "enterprises.set_rubric", campaign)
    created = []
    if act(
        request,
        lambda: created.append(services.rubric_create(campaign=campaign, acting_user=request.user)),
        _("The rubric has been drafted with the default criteria; adjust them before scoring opens."),
    ):
        return redirect("enterprises:rubric-edit", pk=created[0].pk)
    return redirect("enterprises:rubric-list")


@require_GET
def rubric_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = _rubric(request, pk)
    can_set = request.user.has_perm("enterprises.set_rubric", rubric)
    criteria = list(rubric.criteria.all())
    return render(
        request,
        "enterprises/rubric_detail.html",
        {
            "rubric": rubric,
            "criteria": criteria,
            "total_weight": sum(c.weight for c in criteria),
            "can_edit": can_set and rubric.state == RubricState.DRAFT,
            "can_open": can_set and rubric.state == RubricState.DRAFT,
            "can_close": can_set and rubric.state == RubricState.OPEN,
            "can_rank": can_set,
        },
    )


@require_http_methods(["GET", "POST"])
def rubric_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = _rubric(request, pk)
    require_perm(request.user, "enterprises.set_rubric", rubric)
    if rubric.state != RubricState.DRAFT:
        messages.info(request, _("Scoring has opened, so the criteria can no longer change."))
        return redirect("enterprises:rubric-detail", pk=rubric.pk)
    if request.method == "POST":
        form = RubricCriteriaForm(request.POST)
        saved = submit(
            form,
            lambda: services.rubric_criteria_set(
                rubric=rubric,
                criteria=form.criteria_from(form.cleaned_data),
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            ),
            check=lambda data: services.criteria_errors(form.criteria_from(data)).raise_if_any(),
        )
        if saved:
            messages.success(request, _("The criteria have been saved."))
            return redirect("enterprises:rubric-detail", pk=rubric.pk)
    else:
        form = RubricCriteriaForm(initial=RubricCriteriaForm.initial_for(rubric, list(rubric.criteria.all())))
    return render(request, "enterprises/rubric_form.html", {"rubric": rubric, "form": form})


@require_POST
def rubric_open(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = _rubric(request, pk)
    require_perm(request.user, "enterprises.set_rubric", rubric)
    act(
        request,
        lambda: services.rubric_open(rubric=rubric, acting_user=request.user),
        _("Scoring is open: reviewers now score each case on these criteria."),
    )
    return redirect("enterprises:rubric-detail", pk=rubric.pk)


@require_POST
def rubric_close(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = _rubric(request, pk)
    require_perm(request.user, "enterprises.set_rubric", rubric)
    act(
        request,
        lambda: services.rubric_close(rubric=rubric, acting_user=request.user),
        _("Scoring is closed."),
    )
    return redirect("enterprises:rubric-detail", pk=rubric.pk)


@require_GET
def rubric_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    """The regulator's ranking: each case with every reviewer's per-criterion scores and total, the mean and spread,
    reviews done / assigned; selecting (with confirmation), reversing and publishing start here."""
    rubric = _rubric(request, pk)
    require_perm(request.user, "enterprises.set_rubric", rubric)
    criteria = list(rubric.criteria.all())
    rows = selectors.case_ranking(user=request.user, campaign=rubric.campaign, criteria=criteria)
    return render(
        request,
        "enterprises/rubric_ranking.html",
        {
            "rubric": rubric,
            "criteria": criteria,
            "rows": rows,
            "selected": sum(1 for row in rows if row.case.state == CaseState.SELECTED),
            "latest": selectors.latest_publication(user=request.user, campaign=rubric.campaign),
            "publish_form": PublishForm(),
        },
    )


@require_POST
def rubric_publish(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = _rubric(request, pk)
    campaign = rubric.campaign
    require_perm(request.user, "enterprises.publish_cases", campaign)
    form = PublishForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("enterprises:rubric-ranking", pk=rubric.pk)
    entries = selectors.publication_entries(user=request.user, campaign=campaign)
    published = []
    if act(
        request,
        lambda: published.append(
            services.case_list_publish(
                campaign=campaign, note=form.cleaned_data["note"], entries=entries, acting_user=request.user
            )
        ),
        _("The list of excellent cases has been published for the whole city."),
    ):
        return redirect("enterprises:published-case-detail", pk=published[0].pk)
    return redirect("enterprises:rubric-ranking", pk=rubric.pk)


@require_http_methods(["GET", "POST"])
def case_reverse_selection(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_detail(user=request.user, pk=pk)
    if case is None:
        raise Http404
    require_perm(request.user, "enterprises.decide_case", case)
    rubric = selectors.rubric_for_campaign(user=request.user, campaign=case.enrolment.campaign)
    if request.method == "POST":
        form = SelectionReverseForm(request.POST)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.case_selection_reverse(
                    case=case, reason=form.cleaned_data["reason"], acting_user=request.user
                ),
            )
            if saved:
                messages.success(
                    request,
                    _("The selection has been reversed; publish the list again so that the city sees the change."),
                )
                if rubric is not None:
                    return redirect("enterprises:rubric-ranking", pk=rubric.pk)
                return redirect("enterprises:case-detail", pk=case.pk)
    else:
        form = SelectionReverseForm()
    return render(
        request,
        "enterprises/rubric_reverse.html",
        {"case": case, "form": form, "rubric": rubric, "can_reverse": case.state == CaseState.SELECTED},
    )


@require_GET
def published_case_list(request: HttpRequest) -> HttpResponse:
    """The latest published list of excellent cases of the campaign (the current one, or ``?campaign=``), for every
    signed-in user of the city, and the earlier versions."""
    campaign = campaign_from(request)
    publications = list(selectors.publication_list(user=request.user, campaign=campaign)) if campaign else []
    return render(
        request,
        "enterprises/rubric_published.html",
        {
            "campaign": campaign,
            "publication": publications[0] if publications else None,
            "versions": publications,
            "campaigns": list(Campaign.objects.visible_to(request.user).order_by("-year")),
        },
    )


@require_GET
def published_case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = row_to_read(
        CaseListPublication.objects.select_related("campaign", "published_by"), request.user, pk=pk
    )
    versions = list(selectors.publication_list(user=request.user, campaign=publication.campaign))
    return render(
        request,
        "enterprises/rubric_published.html",
        {
            "campaign": publication.campaign,
            "publication": publication,
            "versions": versions,
            "campaigns": list(Campaign.objects.visible_to(request.user).order_by("-year")),
        },
    )
