"""Pages of the certification-body and district scorecards and the regulator's assessment (五(二)1–2).

The regulator: the bodies' table with the ranking, one body's scorecard with the assessment form, the districts'
table. A certification body: its own scorecard, the assessment once made and the answer form (once). A district: its
own line. Everyone else: 404, as for a row that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from accounts.scope import scope_of
from assistance.reminders import QUIET_DAYS
from assistance.views.shared import chosen_campaign
from campaign.models import Campaign
from campaign.selectors import campaign_list
from enterprises.models import EnrolmentState
from evaluation.forms_scorecards import BodyAssessmentAnswerForm, BodyAssessmentForm
from evaluation.models import BodyAssessment
from evaluation.policy import (
    DISTRICT_DEDUCTIONS,
    DISTRICT_FULL_MARKS,
    EXCELLENT_CONSEQUENCE,
    relief_year_for,
)
from evaluation.selectors.scorecards import BodyScorecard, body_scorecard, body_scorecards, district_scorecards
from evaluation.services import scorecards as services
from portal.views import row_to_change, row_to_read, submit

# The outcome metrics of enterprises.models.OutcomeFigures, as the scorecard names their change.
OUTCOME_LABELS = {
    "revenue": gettext_lazy("Revenue (10k yuan)"),
    "profit_margin": gettext_lazy("Profit margin (percentage points)"),
    "quality_cost_rate": gettext_lazy("Quality cost rate (percentage points)"),
    "pass_rate": gettext_lazy("Product pass rate (percentage points)"),
    "complaints": gettext_lazy("Customer complaints"),
    "on_time_delivery": gettext_lazy("On-time delivery (percentage points)"),
}


def _detail_url(campaign_pk: int, body_pk: int) -> str:
    return reverse("evaluation:body-scorecard-detail", args=[campaign_pk, body_pk])


@require_GET
def body_scorecard_list(request: HttpRequest) -> HttpResponse:
    """The regulator's table of every body's scorecard, ranked; a certification body is taken to its own."""
    scope = scope_of(request.user)
    if scope is None or scope.role not in (Role.REGULATOR, Role.CB_MANAGER):
        raise Http404
    campaign = chosen_campaign(request)
    if scope.role == Role.CB_MANAGER:
        if campaign is None:
            raise Http404
        return redirect(_detail_url(campaign.pk, scope.certification_body_id))
    cards = body_scorecards(user=request.user, campaign=campaign) if campaign else []
    return render(
        request,
        "evaluation/scorecard_body_list.html",
        {"campaign": campaign, "campaigns": campaign_list(user=request.user), "cards": cards},
    )


def _detail_page(
    request: HttpRequest,
    campaign: Campaign,
    card: BodyScorecard,
    *,
    form: BodyAssessmentForm | None = None,
    answer_form: BodyAssessmentAnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    assessment = card.assessment
    user = request.user
    if form is None and user.has_perm("evaluation.assess_body", card.body):
        initial = {"version": None}
        if assessment is not None:
            initial = {
                "rating": assessment.rating,
                "reasons": assessment.reasons,
                "reason_text": assessment.reason_text,
                "recommended_to_samr": assessment.recommended_to_samr,
                "version": assessment.version,
            }
        form = BodyAssessmentForm(initial=initial)
    answered = assessment is not None and hasattr(assessment, "response")
    if (
        answer_form is None
        and assessment is not None
        and not answered
        and user.has_perm("evaluation.answer_bodyassessment", assessment)
    ):
        answer_form = BodyAssessmentAnswerForm()
    return render(
        request,
        "evaluation/scorecard_body_detail.html",
        {
            "campaign": campaign,
            "card": card,
            "figures": card.figures,
            "assessment": assessment,
            "response": assessment.response if answered else None,
            "form": form,
            "answer_form": answer_form,
            "funnel": [(label, card.figures["funnel"].get(state, 0)) for state, label in EnrolmentState.choices],
            "outcome_rows": [(label, card.outcomes["changes"].get(metric)) for metric, label in OUTCOME_LABELS.items()],
            "no_visit_days": QUIET_DAYS,
            "excellent_note": str(EXCELLENT_CONSEQUENCE) % {"year": relief_year_for(campaign.year)},
        },
        status=status,
    )


@require_GET
def body_scorecard_detail(request: HttpRequest, campaign_pk: int, body_pk: int) -> HttpResponse:
    campaign = row_to_read(Campaign, request.user, pk=campaign_pk)
    card = body_scorecard(user=request.user, campaign=campaign, body_pk=body_pk)
    return _detail_page(request, campaign, card)


@require_http_methods(["GET", "POST"])
def body_assessment_save(request: HttpRequest, campaign_pk: int, body_pk: int) -> HttpResponse:
    """五(二)1–2: the regulator rates a body (the form on its scorecard); a body sees its scorecard but may not rate."""
    campaign = row_to_read(Campaign, request.user, pk=campaign_pk)
    card = body_scorecard(user=request.user, campaign=campaign, body_pk=body_pk)
    if not request.user.has_perm("evaluation.assess_body", card.body):
        raise PermissionDenied
    if request.method != "POST":
        return _detail_page(request, campaign, card)
    form = BodyAssessmentForm(request.POST)

    saved = submit(
        form,
        lambda: services.body_assessment_save(
            campaign=campaign,
            body=card.body,
            rating=form.cleaned_data["rating"],
            reasons=form.cleaned_data["reasons"],
            reason_text=form.cleaned_data["reason_text"],
            recommended_to_samr=form.cleaned_data["recommended_to_samr"],
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        ),
        check=lambda data: services.body_assessment_check(
            rating=data["rating"],
            reasons=data["reasons"],
            reason_text=data["reason_text"],
            recommended_to_samr=bool(data["recommended_to_samr"]),
        ),
    )
    if saved:
        messages.success(request, _("The assessment has been saved."))
        return redirect(_detail_url(campaign.pk, card.body.pk))
    return _detail_page(request, campaign, card, form=form, status=200)


@require_http_methods(["GET", "POST"])
def body_assessment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The certification body answers the regulator's assessment of it, once."""
    assessment = row_to_change(
        BodyAssessment.objects.select_related("campaign", "body"),
        request.user,
        "evaluation.answer_bodyassessment",
        pk=pk,
    )
    campaign = assessment.campaign
    card = body_scorecard(user=request.user, campaign=campaign, body_pk=assessment.body_id)
    if request.method != "POST":
        return _detail_page(request, campaign, card)
    form = BodyAssessmentAnswerForm(request.POST)
    saved = submit(
        form,
        lambda: services.body_assessment_answer(
            assessment=assessment, text=form.cleaned_data["text"], acting_user=request.user
        ),
    )
    if saved:
        messages.success(request, _("Your answer has been sent to the regulator."))
        return redirect(_detail_url(campaign.pk, assessment.body_id))
    return _detail_page(request, campaign, card, answer_form=form)


@require_GET
def district_scorecard_list(request: HttpRequest) -> HttpResponse:
    """五(二)2: the regulator's table of every district's points; a district sees its own line alone."""
    scope = scope_of(request.user)
    if scope is None or not (scope.role == Role.REGULATOR or scope.member_unit_is_district):
        raise Http404  # a city bureau has no district line; every other role sees none
    campaign = chosen_campaign(request)
    cards = district_scorecards(user=request.user, campaign=campaign) if campaign else []
    return render(
        request,
        "evaluation/scorecard_district_list.html",
        {
            "campaign": campaign,
            "campaigns": campaign_list(user=request.user),
            "cards": cards,
            "table": DISTRICT_DEDUCTIONS,
            "full_marks": DISTRICT_FULL_MARKS,
            "is_regulator": scope.role == Role.REGULATOR,
        },
    )
