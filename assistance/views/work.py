"""HTML pages of the expert's work (附件二(二)(三)): "my enterprises", an enterprise's work page with its visits,
diagnosis and problems, plan, documents and operation records, the lifecycle buttons, and trainings with R8.

Rows come through visible_to (get_visible_or_404 or the selectors): what is not the user's is a 404 like a missing
row; a visible row whose action the role forbids is a 403, decided by assistance.rules. Writes go through
assistance.services; their ValidationErrors are put on the form, which re-renders with the input.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

import assistance.rules  # noqa: F401  (registers the perms used below)
from accounts.models import Role
from accounts.scope import scope_of
from assistance.forms.work import (
    DiagnosisForm,
    InternalAuditForm,
    ManagementReviewForm,
    OperationStartForm,
    PlanForm,
    ProblemForm,
    ProblemStatusForm,
    SystemDocumentForm,
    TrainingForm,
    VisitForm,
)
from assistance.models import (
    InternalAudit,
    ManagementReview,
    Problem,
    ProblemStatus,
    SystemDocument,
    Training,
    Visit,
    VisitFile,
)
from assistance.selectors import work as selectors
from assistance.services import operation, training, work
from assistance.services.operation import is_certified, review_possible_from
from assistance.services.work import LOG_VISIT, RECORD_WORK, problem_moves
from campaign.models import MemberUnit
from campaign.selectors import campaign_current, campaign_list
from enterprises.models import EnrolmentState
from enterprises.selectors.enrolments import available_transitions
from enterprises.services.enrolments import enrolment_advance, unmet_preconditions
from portal.files import attachment_response
from portal.scoping import get_visible_or_404
from portal.views import require_perm, save_or_show_errors

# The lifecycle steps this page moves (附件二(二)–(四)); screening, closing and withdrawal are the districts'.
WORK_STATES = (
    EnrolmentState.DIAGNOSED,
    EnrolmentState.BUILDING,
    EnrolmentState.OPERATING,
    EnrolmentState.REVIEWED,
    EnrolmentState.RESULTS,
)
PAGE_SIZE = 50


def _foreign_choice_is_404(form) -> None:
    """A chosen id outside the user's rows (foreign, or missing) answers like a missing row in the URL: 404."""
    for name, errors in form.errors.as_data().items():
        if isinstance(form.fields.get(name), ModelChoiceField) and any(
            error.code in ("invalid_choice", "invalid_pk_value", "invalid_list") for error in errors
        ):
            raise Http404


def _enrolment(request: HttpRequest, pk: int):
    return get_object_or_404(selectors.work_enrolment_queryset(request.user), pk=pk)


def _work_url(enrolment_pk: int, anchor: str = "") -> str:
    return reverse("assistance:work-enrolment", args=[enrolment_pk]) + (f"#{anchor}" if anchor else "")


def _form_page(request, form, *, title: str, enrolment=None, subtitle: str = "", cancel_url: str = "", note: str = ""):
    return render(
        request,
        "assistance/work/form.html",
        {
            "form": form,
            "title": title,
            "enrolment": enrolment,
            "subtitle": subtitle or (enrolment.enterprise.name if enrolment else ""),
            "cancel_url": cancel_url or (_work_url(enrolment.pk) if enrolment else reverse("home")),
            "note": note,
            "has_files": any(getattr(f.widget, "needs_multipart_form", False) for f in form.fields.values()),
        },
    )


# --- my enterprises -------------------------------------------------------------------------------------------------


@require_GET
def work_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.view_work_list")
    rows = selectors.work_enrolments(user=request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    scope = scope_of(request.user)
    return render(
        request,
        "assistance/work/work_list.html",
        {"page": page, "rows": page.object_list, "is_manager": scope.role == Role.CB_MANAGER},
    )


@require_GET
def work_enrolment(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    records = selectors.work_records(enrolment=enrolment, user=request.user)
    can_record = request.user.has_perm(RECORD_WORK, enrolment)
    transitions = []
    if can_record:
        for state in available_transitions(enrolment, request.user):
            if state in WORK_STATES:
                transitions.append(
                    {
                        "state": state,
                        "label": EnrolmentState(state).label,
                        "missing": unmet_preconditions(enrolment, state),
                    }
                )
    problems = [
        {"problem": p, "moves": [(status, ProblemStatus(status).label) for status in problem_moves(p)]}
        for p in records.problems
    ]
    return render(
        request,
        "assistance/work/enrolment.html",
        {
            "enrolment": enrolment,
            "enterprise": enrolment.enterprise,
            "records": records,
            "problems": problems,
            "can_record": can_record,
            "can_log_visit": request.user.has_perm(LOG_VISIT, enrolment),
            "transitions": transitions,
            "review_possible_from": review_possible_from(enrolment),
            "is_certified": bool(enrolment.enterprise.certificates.all()),
            "operation_form": OperationStartForm(
                initial={"operation_started_on": enrolment.operation_started_on, "version": enrolment.version}
            ),
        },
    )


@require_http_methods(["POST"])
def work_advance(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    target = request.POST.get("to", "")
    if target not in WORK_STATES:
        raise Http404
    try:
        moved = enrolment_advance(enrolment=enrolment, to=target, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The enrolment is now “%(state)s”.") % {"state": moved.get_state_display()})
    return redirect(_work_url(enrolment.pk))


# --- visits ---------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    require_perm(request.user, LOG_VISIT, enrolment)
    if request.method == "POST":
        form = VisitForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            visit = save_or_show_errors(
                form,
                lambda: work.visit_log(
                    enrolment=enrolment,
                    kind=data["kind"],
                    visited_on=data["visited_on"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    participants=data["participants"],
                    notes=data["notes"],
                    files=data["files"],
                    acting_user=request.user,
                ),
            )
            if visit:
                messages.success(request, _("The visit has been logged."))
                return redirect(_work_url(enrolment.pk, "visits"))
    else:
        form = VisitForm()
    return _form_page(request, form, title=_("Log a visit"), enrolment=enrolment)


@require_GET
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user)
        .select_related("enrolment__enterprise", "enrolment__campaign", "expert__user", "created_by")
        .prefetch_related("files"),
        pk=pk,
    )
    return render(request, "assistance/work/visit_detail.html", {"visit": visit, "enrolment": visit.enrolment})


@require_GET
def visit_file(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_visible_or_404(VisitFile, request.user, pk=pk)
    return attachment_response(row.file, row.original_name)


# --- diagnosis and problems -----------------------------------------------------------------------------------------

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
    enrolment = _enrolment(request, pk)
    require_perm(request.user, RECORD_WORK, enrolment)
    diagnosis = selectors.work_records(enrolment=enrolment, user=request.user).diagnosis
    if request.method == "POST":
        form = DiagnosisForm(request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in _DIAGNOSIS_FIELDS}
            if diagnosis is None:
                saved = save_or_show_errors(
                    form, lambda: work.diagnosis_record(enrolment=enrolment, acting_user=request.user, **data)
                )
            else:
                saved = save_or_show_errors(
                    form,
                    lambda: work.diagnosis_update(
                        diagnosis=diagnosis,
                        expected_version=form.cleaned_data["version"] or diagnosis.version,
                        acting_user=request.user,
                        **data,
                    ),
                )
            if saved:
                messages.success(request, _("The diagnosis has been saved."))
                return redirect(_work_url(enrolment.pk, "diagnosis"))
    elif diagnosis is not None:
        form = DiagnosisForm(
            initial={**{n: getattr(diagnosis, n) for n in _DIAGNOSIS_FIELDS}, "version": diagnosis.version}
        )
    else:
        form = DiagnosisForm()
    return _form_page(
        request,
        form,
        title=_("Edit the diagnosis") if diagnosis else _("Record the diagnosis"),
        enrolment=enrolment,
        note=_(
            "附件二(二): check the legal qualifications, the serious dishonesty list of the last 2 years and quality "
            "penalties; then the overall state, where to start, the resource limits and policy changes."
        ),
    )


_PROBLEM_FIELDS = ("category", "description", "urgency", "enterprise_ideas", "measures", "owner", "due_on")


@require_http_methods(["GET", "POST"])
def problem_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    require_perm(request.user, RECORD_WORK, enrolment)
    diagnosis = selectors.work_records(enrolment=enrolment, user=request.user).diagnosis
    if diagnosis is None:
        messages.info(request, _("Record the diagnosis first; the problems belong to it."))
        return redirect("assistance:diagnosis-edit", pk=enrolment.pk)
    if request.method == "POST":
        form = ProblemForm(request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in _PROBLEM_FIELDS}
            saved = save_or_show_errors(
                form, lambda: work.problem_add(diagnosis=diagnosis, acting_user=request.user, **data)
            )
            if saved:
                messages.success(request, _("The problem has been added to the list."))
                return redirect(_work_url(enrolment.pk, "problems"))
    else:
        form = ProblemForm()
    return _form_page(request, form, title=_("Add a problem"), enrolment=enrolment)


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
                lambda: work.problem_update(
                    problem=problem,
                    expected_version=form.cleaned_data["version"] or problem.version,
                    acting_user=request.user,
                    **data,
                ),
            )
            if saved:
                messages.success(request, _("The problem has been saved."))
                return redirect(_work_url(enrolment.pk, "problems"))
    else:
        form = ProblemForm(initial={**{n: getattr(problem, n) for n in _PROBLEM_FIELDS}, "version": problem.version})
    return _form_page(request, form, title=_("Edit the problem"), enrolment=enrolment)


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
            moved = work.problem_move(
                problem=problem,
                to=form.cleaned_data["to"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The problem is now “%(status)s”.") % {"status": moved.get_status_display()})
    return redirect(_work_url(enrolment.pk, "problems"))


# --- plan and documents ---------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    require_perm(request.user, RECORD_WORK, enrolment)
    plan = selectors.work_records(enrolment=enrolment, user=request.user).plan
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            data = {n: form.cleaned_data[n] for n in ("key_issues", "approach", "milestones")}
            if plan is None:
                saved = save_or_show_errors(
                    form, lambda: work.plan_record(enrolment=enrolment, acting_user=request.user, **data)
                )
            else:
                saved = save_or_show_errors(
                    form,
                    lambda: work.plan_update(
                        plan=plan,
                        expected_version=form.cleaned_data["version"] or plan.version,
                        acting_user=request.user,
                        **data,
                    ),
                )
            if saved:
                messages.success(request, _("The plan has been saved."))
                return redirect(_work_url(enrolment.pk, "plan"))
    elif plan is not None:
        form = PlanForm(
            initial={
                "key_issues": plan.key_issues,
                "approach": plan.approach,
                "milestones": plan.milestones,
                "version": plan.version,
            }
        )
    else:
        form = PlanForm(initial={"key_issues": selectors.plan_key_issues_draft(enrolment=enrolment, user=request.user)})
    return _form_page(
        request,
        form,
        title=_("Edit the plan (一企一策)") if plan else _("Write the plan (一企一策)"),
        enrolment=enrolment,
    )


@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    require_perm(request.user, RECORD_WORK, enrolment)
    if request.method == "POST":
        form = SystemDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            saved = save_or_show_errors(
                form,
                lambda: work.system_document_add(
                    enrolment=enrolment,
                    level=data["level"],
                    title=data["title"],
                    revision=data["revision"],
                    upload=data["file"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The document has been uploaded."))
                return redirect(_work_url(enrolment.pk, "documents"))
    else:
        initial = {}
        source = request.GET.get("revises", "")
        if source.isdigit():
            # A new revision keeps the level and title of the document it revises.
            document = get_visible_or_404(SystemDocument, request.user, pk=int(source), enrolment=enrolment)
            initial = {"level": document.level, "title": document.title}
        form = SystemDocumentForm(initial=initial)
    return _form_page(request, form, title=_("Upload a system document"), enrolment=enrolment)


@require_GET
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_visible_or_404(SystemDocument, request.user, pk=pk)
    return attachment_response(document.file, document.original_name)


# --- operation (R7) -------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def operation_start(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    require_perm(request.user, RECORD_WORK, enrolment)
    if request.method == "POST":
        form = OperationStartForm(request.POST)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: operation.operation_start_record(
                    enrolment=enrolment,
                    started_on=form.cleaned_data["operation_started_on"],
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The start of operation has been recorded."))
                return redirect(_work_url(enrolment.pk, "operation"))
    else:
        form = OperationStartForm(
            initial={"operation_started_on": enrolment.operation_started_on, "version": enrolment.version}
        )
    return _form_page(
        request,
        form,
        title=_("Start of operation"),
        enrolment=enrolment,
        note=_("附件二(三)2: the system runs at least 3 months before the internal audit and management review count."),
    )


def _record_mode_note(enrolment) -> str:
    if is_certified(enrolment):
        return _(
            "This enterprise is already certified: if it did this year's record itself, choose “verified by the "
            "expert” and attach its plan and report."
        )
    return ""


@require_http_methods(["GET", "POST"])
def internal_audit_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    require_perm(request.user, RECORD_WORK, enrolment)
    if request.method == "POST":
        form = InternalAuditForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            saved = save_or_show_errors(
                form,
                lambda: operation.internal_audit_record(
                    enrolment=enrolment,
                    mode=data["mode"],
                    auditor_training_done=data["auditor_training_done"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    plan_file=data["plan_file"],
                    report_file=data["report_file"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The internal audit has been recorded."))
                return redirect(_work_url(enrolment.pk, "operation"))
    else:
        form = InternalAuditForm()
    return _form_page(
        request, form, title=_("Record the internal audit"), enrolment=enrolment, note=_record_mode_note(enrolment)
    )


@require_http_methods(["GET", "POST"])
def management_review_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    require_perm(request.user, RECORD_WORK, enrolment)
    if request.method == "POST":
        form = ManagementReviewForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            saved = save_or_show_errors(
                form,
                lambda: operation.management_review_record(
                    enrolment=enrolment,
                    mode=data["mode"],
                    held_at=data["held_at"],
                    plan_file=data["plan_file"],
                    report_file=data["report_file"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The management review has been recorded."))
                return redirect(_work_url(enrolment.pk, "operation"))
    else:
        form = ManagementReviewForm()
    return _form_page(
        request, form, title=_("Record the management review"), enrolment=enrolment, note=_record_mode_note(enrolment)
    )


@require_GET
def internal_audit_file(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    audit = get_visible_or_404(InternalAudit, request.user, pk=pk)
    if which == "plan":
        return attachment_response(audit.plan_file, audit.plan_name)
    return attachment_response(audit.report_file, audit.report_name)


@require_GET
def management_review_file(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    review = get_visible_or_404(ManagementReview, request.user, pk=pk)
    if which == "plan":
        return attachment_response(review.plan_file, review.plan_name)
    return attachment_response(review.report_file, review.report_name)


# --- trainings and R8 -----------------------------------------------------------------------------------------------


def _campaign_from_query(request: HttpRequest):
    campaign_id = request.GET.get("campaign", "")
    if campaign_id:
        if not campaign_id.isdigit():
            raise Http404
        return selectors.get_visible_campaign(request.user, int(campaign_id))
    return campaign_current(user=request.user)


@require_GET
def training_list(request: HttpRequest) -> HttpResponse:
    campaign = _campaign_from_query(request)
    trainings = selectors.training_list(user=request.user, campaign=campaign) if campaign else Training.objects.none()
    page = Paginator(trainings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/work/training_list.html",
        {
            "campaign": campaign,
            "campaigns": campaign_list(user=request.user),
            "page": page,
            "trainings": page.object_list,
            "can_add": campaign is not None and request.user.has_perm(training.ADD_TRAINING, campaign),
            "can_see_compliance": request.user.has_perm("assistance.view_training_compliance"),
        },
    )


@require_GET
def training_compliance(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.view_training_compliance")
    campaign = _campaign_from_query(request)
    rows = selectors.training_compliance(user=request.user, campaign=campaign) if campaign else []
    return render(
        request,
        "assistance/work/training_compliance.html",
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
    require_perm(request.user, training.ADD_TRAINING, campaign)
    scope = scope_of(request.user)
    own_district = (
        MemberUnit.objects.visible_to(request.user).filter(pk=scope.member_unit_id).first()
        if scope.member_unit_id
        else None
    )
    if request.method == "POST":
        form = TrainingForm(request.POST, request.FILES, user=request.user, own_district=own_district)
        if form.is_valid():
            data = form.cleaned_data
            saved = save_or_show_errors(
                form,
                lambda: training.training_record(
                    campaign=campaign,
                    kind=data["kind"],
                    tier=data["tier"],
                    district=data["district"],
                    held_on=data["held_on"],
                    topic=data["topic"],
                    enterprises=data["enterprises"],
                    person_times=data["person_times"],
                    materials=data["materials"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The training has been recorded."))
                return redirect("assistance:training-detail", pk=saved.pk)
        else:
            _foreign_choice_is_404(form)
    else:
        form = TrainingForm(user=request.user, own_district=own_district)
    return _form_page(
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
    return render(request, "assistance/work/training_detail.html", {"training": row, "attending": attending})


@require_GET
def training_materials(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_visible_or_404(Training, request.user, pk=pk)
    return attachment_response(row.materials, row.materials_name)
