"""Pages for the diagnosis (附件二(二)) and its problem list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assistance.forms.diagnosis import DiagnosisForm, ProblemForm, ProblemStatusForm
from assistance.models import Problem
from assistance.permissions import RECORD_WORK
from assistance.selectors.enrolments import work_records
from assistance.services import diagnosis as services
from assistance.views.shared import assisted_enrolment, form_page, work_url
from portal.views import require_perm, save_or_show_errors

_DIAGNOSIS_FIELDS = (
    "diagnosed_on",
    "legal_qualifications_ok",
    "dishonesty_list_checked",
    "no_quality_penalty",
    "overall_state",
    "starting_point",
    "resource_limits",
    "policy_changes",
)


@require_http_methods(["GET", "POST"])
def diagnosis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = assisted_enrolment(request, pk)
    require_perm(request.user, RECORD_WORK, enrolment)
    diagnosis = work_records(enrolment=enrolment, user=request.user).diagnosis
    if request.method == "POST":
        form = DiagnosisForm(request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in _DIAGNOSIS_FIELDS}
            if diagnosis is None:
                saved = save_or_show_errors(
                    form, lambda: services.diagnosis_record(enrolment=enrolment, acting_user=request.user, **data)
                )
            else:
                saved = save_or_show_errors(
                    form,
                    lambda: services.diagnosis_update(
                        diagnosis=diagnosis,
                        expected_version=form.cleaned_data["version"] or diagnosis.version,
                        acting_user=request.user,
                        **data,
                    ),
                )
            if saved:
                messages.success(request, _("The diagnosis has been saved."))
                return redirect(work_url(enrolment.pk, "diagnosis"))
    elif diagnosis is not None:
        form = DiagnosisForm(
            initial={**{n: getattr(diagnosis, n) for n in _DIAGNOSIS_FIELDS}, "version": diagnosis.version}
        )
    else:
        form = DiagnosisForm()
    return form_page(
        request,
        form,
        title=_("Edit the diagnosis") if diagnosis else _("Record the diagnosis"),
        enrolment=enrolment,
        draft=True,
        note=_(
            "附件二(二): check the legal qualifications, the serious dishonesty list of the last 2 years and quality "
            "penalties; then the overall state, where to start, the resource limits and policy changes."
        ),
    )


_PROBLEM_FIELDS = ("category", "description", "urgency", "enterprise_ideas", "measures", "owner", "due_on")


@require_http_methods(["GET", "POST"])
def problem_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = assisted_enrolment(request, pk)
    require_perm(request.user, RECORD_WORK, enrolment)
    diagnosis = work_records(enrolment=enrolment, user=request.user).diagnosis
    if diagnosis is None:
        messages.info(request, _("Record the diagnosis first; the problems belong to it."))
        return redirect("assistance:diagnosis-edit", pk=enrolment.pk)
    if request.method == "POST":
        form = ProblemForm(request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in _PROBLEM_FIELDS}
            saved = save_or_show_errors(
                form, lambda: services.problem_add(diagnosis=diagnosis, acting_user=request.user, **data)
            )
            if saved:
                messages.success(request, _("The problem has been added to the list."))
                return redirect(work_url(enrolment.pk, "problems"))
    else:
        form = ProblemForm()
    return form_page(request, form, title=_("Add a problem"), enrolment=enrolment, draft=True)


def _visible_problem(request: HttpRequest, pk: int) -> Problem:
    return get_object_or_404(
        Problem.objects.visible_to(request.user).select_related(
            "diagnosis__enrolment__enterprise", "diagnosis__enrolment__campaign"
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def problem_edit(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _visible_problem(request, pk)
    enrolment = problem.diagnosis.enrolment
    require_perm(request.user, RECORD_WORK, enrolment)
    if request.method == "POST":
        form = ProblemForm(request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in _PROBLEM_FIELDS}
            saved = save_or_show_errors(
                form,
                lambda: services.problem_update(
                    problem=problem,
                    expected_version=form.cleaned_data["version"] or problem.version,
                    acting_user=request.user,
                    **data,
                ),
            )
            if saved:
                messages.success(request, _("The problem has been saved."))
                return redirect(work_url(enrolment.pk, "problems"))
    else:
        form = ProblemForm(initial={**{n: getattr(problem, n) for n in _PROBLEM_FIELDS}, "version": problem.version})
    return form_page(request, form, title=_("Edit the problem"), enrolment=enrolment, draft=True)


@require_http_methods(["POST"])
def problem_status(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _visible_problem(request, pk)
    enrolment = problem.diagnosis.enrolment
    require_perm(request.user, RECORD_WORK, enrolment)
    form = ProblemStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the problem's new status."))
    else:
        try:
            moved = services.problem_move(
                problem=problem,
                to=form.cleaned_data["to"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The problem is now “%(status)s”.") % {"status": moved.get_status_display()})
    return redirect(work_url(enrolment.pk, "problems"))
