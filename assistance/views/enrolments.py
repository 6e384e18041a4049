"""Pages of the enrolments the certification side assists: "my enterprises" and one enrolment's work page with
its lifecycle buttons (附件二(二)–(四))."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from accounts.scope import scope_of
from assistance.forms.operation import OperationStartForm
from assistance.models import ProblemStatus, VisitKind
from assistance.permissions import LOG_VISIT, RECORD_WORK
from assistance.policy import MIN_OPERATION_MONTHS, is_certified, review_possible_from
from assistance.selectors import enrolments as selectors
from assistance.services.diagnosis import problem_moves
from assistance.views.shared import PAGE_SIZE, assisted_enrolment, work_url
from campaign.selectors import today_local
from enterprises.models import EnrolmentState
from enterprises.policy import enrolment_write_refusal
from enterprises.selectors.enrolments import available_transitions
from enterprises.services.enrolments import enrolment_advance, unmet_preconditions
from portal.views import require_perm

# The lifecycle steps this page moves (附件二(二)–(四)); screening, closing and withdrawal are the districts'.
WORK_STATES = (
    EnrolmentState.DIAGNOSED,
    EnrolmentState.BUILDING,
    EnrolmentState.OPERATING,
    EnrolmentState.REVIEWED,
    EnrolmentState.RESULTS,
)


@require_GET
def work_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.view_work_list")
    rows = selectors.work_enrolments(user=request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    scope = scope_of(request.user)
    return render(
        request,
        "assistance/enrolments/list.html",
        {"page": page, "rows": page.object_list, "is_manager": scope.role == Role.CB_MANAGER},
    )


@require_GET
def work_enrolment(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = assisted_enrolment(request, pk)
    records = selectors.work_records(enrolment=enrolment, user=request.user)
    can_record = request.user.has_perm(RECORD_WORK, enrolment) and not enrolment_write_refusal(enrolment, "work")
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
    today = today_local()
    # The problems come from the diagnosis, written after the on-site survey (附件二(二)): the last survey visit on or
    # before the diagnosis is the visit that found them.
    found_at = (
        max(
            (
                v
                for v in records.visits
                if v.kind == VisitKind.SURVEY and v.visited_on <= records.diagnosis.diagnosed_on
            ),
            key=lambda v: (v.visited_on, v.pk),
            default=None,
        )
        if records.diagnosis
        else None
    )
    problems = [
        {
            "problem": p,
            "moves": [(status, ProblemStatus(status).label) for status in problem_moves(p)],
            "overdue": p.due_on is not None
            and p.due_on < today
            and p.status in (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS),
            "found_at": found_at,
        }
        for p in records.problems
    ]
    return render(
        request,
        "assistance/enrolments/detail.html",
        {
            "enrolment": enrolment,
            "enterprise": enrolment.enterprise,
            "records": records,
            "problems": problems,
            "can_record": can_record,
            "can_log_visit": request.user.has_perm(LOG_VISIT, enrolment)
            and not enrolment_write_refusal(enrolment, "work"),
            "transitions": transitions,
            "review_possible_from": review_possible_from(enrolment),
            "min_operation_months": MIN_OPERATION_MONTHS,
            "is_certified": is_certified(enrolment),
            "operation_form": OperationStartForm(
                initial={"operation_started_on": enrolment.operation_started_on, "version": enrolment.version}
            ),
        },
    )


@require_http_methods(["POST"])
def work_advance(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = assisted_enrolment(request, pk)
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
    return redirect(work_url(enrolment.pk))
