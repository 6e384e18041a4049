"""The outcome figures page (附件二(四) 量化绩效指标; R10)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from campaign.models import DeadlineKind
from campaign.selectors import deadline_for
from enterprises.forms.outcomes import OutcomeCorrectionForm, OutcomeForm
from enterprises.policy import EnrolmentRecord, enrolment_write_refusal
from enterprises.selectors import outcomes as selectors
from enterprises.services import outcomes as services
from enterprises.views.common import progress_enrolment_or_404
from portal.views import require_perm, save_or_show_errors


@require_http_methods(["GET", "POST"])
def outcome_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = progress_enrolment_or_404(request, pk)
    require_perm(request.user, "enterprises.change_outcome", enrolment)
    outcome = selectors.outcome_for(user=request.user, enrolment=enrolment)
    if request.method == "POST":
        form = OutcomeForm(request.POST)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.outcome_save(
                    enrolment=enrolment,
                    figures=form.figures,
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The outcome figures have been saved."))
                return redirect("enterprises:outcome-edit", pk=enrolment.pk)
    else:
        form = OutcomeForm(initial=_initial(outcome))
    return render(
        request,
        "enterprises/outcome_form.html",
        {
            "enrolment": enrolment,
            "form": form,
            "outcome": outcome,
            "rows": selectors.outcome_rows(outcome),
            "deadline": deadline_for(enrolment.campaign, DeadlineKind.ENTERPRISE_SUMMARY),
            "refusal": enrolment_write_refusal(enrolment, EnrolmentRecord.FIGURES),
        },
    )


def _initial(outcome) -> dict:
    initial = {"version": outcome.version if outcome else 0}
    if outcome:
        initial.update({name: getattr(outcome, name) for name in services.OUTCOME_FIELDS})
    return initial


@require_http_methods(["GET", "POST"])
def outcome_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """The regulator's correction of the figures, final or not, with the reason kept in their history."""
    enrolment = progress_enrolment_or_404(request, pk)
    require_perm(request.user, "enterprises.correct_outcome", enrolment)
    outcome = selectors.outcome_for(user=request.user, enrolment=enrolment)
    if request.method == "POST":
        form = OutcomeCorrectionForm(request.POST)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.outcome_correct(
                    enrolment=enrolment,
                    figures=form.figures,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The outcome figures have been corrected; the reason is kept with them."))
                return redirect("enterprises:enrolment-progress", pk=enrolment.pk)
    else:
        form = OutcomeCorrectionForm(initial=_initial(outcome))
    return render(
        request,
        "enterprises/outcome_form.html",
        {
            "enrolment": enrolment,
            "form": form,
            "outcome": outcome,
            "rows": selectors.outcome_rows(outcome),
            "correcting": True,
            "history": selectors.outcome_corrections(outcome),
        },
    )
