"""Pages for assignments (附件一, R2–R4): the list, assigning an expert, ending an assignment, and the exceptions the
regulator follows."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assistance.forms.assignments import AssignForm, EndAssignmentForm
from assistance.models import Assignment
from assistance.policy import MAX_ENTERPRISES_PER_EXPERT, OVERRIDE_LABELS, assistance_ends_on
from assistance.selectors import assignments as selectors
from assistance.services import assignments as services
from assistance.views.shared import chosen_campaign
from campaign.selectors import campaign_list
from enterprises.models import Enrolment
from portal.views import require_perm, row_to_change, save_or_show_errors


@require_GET
def assignment_list(request: HttpRequest) -> HttpResponse:
    campaign = chosen_campaign(request)
    can_assign = request.user.has_perm("assistance.assign_expert")
    return render(
        request,
        "assistance/assignments/list.html",
        {
            "campaign": campaign,
            "campaigns": campaign_list(user=request.user),
            "assignments": selectors.assignment_list(user=request.user, campaign=campaign),
            "to_assign": selectors.enrolments_to_assign(user=request.user, campaign=campaign) if can_assign else [],
            "can_assign": can_assign,
        },
    )


@require_http_methods(["GET", "POST"])
def enrolment_assign(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = row_to_change(Enrolment, request.user, "assistance.assign_expert", pk=pk)
    current = (
        Assignment.objects.visible_to(request.user)
        .filter(enrolment=enrolment, ended_at__isnull=True)
        .select_related("expert__user", "expert__home_district")
        .first()
    )
    # After the assistance phase, three months of operation no longer fit in the campaign: warn, ask why.
    ends_on = assistance_ends_on(enrolment.campaign)
    late_since = ends_on if ends_on is not None and timezone.localdate() > ends_on else None
    if request.method == "POST":
        form = AssignForm(request.POST, user=request.user, replacing=current, late_since=late_since)
        if form.is_valid():
            data = form.cleaned_data
            assignment = save_or_show_errors(
                form,
                lambda: services.assignment_create(
                    enrolment=enrolment,
                    expert=data["expert"],
                    override_reason=data["override_reason"],
                    reassign_reason=data.get("reassign_reason", ""),
                    late_reason=data.get("late_reason", ""),
                    acting_user=request.user,
                ),
            )
            if assignment:
                messages.success(
                    request,
                    _("%(expert)s now assists %(enterprise)s.")
                    % {"expert": assignment.expert, "enterprise": enrolment.enterprise},
                )
                if assignment.overridden_rules:
                    messages.warning(
                        request,
                        _("Recorded as an exception to %(rules)s; the regulator sees it with your reason.")
                        % {"rules": "、".join(str(OVERRIDE_LABELS.get(r, r)) for r in assignment.overridden_rules)},
                    )
                return redirect("assistance:assignment-list")
    else:
        form = AssignForm(
            user=request.user, replacing=current, late_since=late_since, initial={"expert": request.GET.get("expert")}
        )
    return render(
        request,
        "assistance/assignments/assign_form.html",
        {
            "form": form,
            "enrolment": enrolment,
            "current": current,
            "late_since": late_since,
            "suggestions": selectors.expert_suggestions(enrolment=enrolment, user=request.user),
            "max_load": MAX_ENTERPRISES_PER_EXPERT,
        },
    )


@require_http_methods(["GET", "POST"])
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(selectors.assignment_list(user=request.user), pk=pk)
    require_perm(request.user, "assistance.end_assignment", assignment)
    if request.method == "POST":
        form = EndAssignmentForm(request.POST)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.assignment_end(
                    assignment=assignment, reason=form.cleaned_data["reason"], acting_user=request.user
                ),
            )
            if saved:
                messages.success(request, _("The assignment has ended."))
                return redirect("assistance:assignment-list")
    else:
        form = EndAssignmentForm()
    return render(request, "assistance/assignments/end.html", {"form": form, "assignment": assignment})


@require_GET
def override_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.view_overrides")
    assignments = list(selectors.override_list(user=request.user))
    for assignment in assignments:
        assignment.rule_labels = [(code, OVERRIDE_LABELS.get(code, code)) for code in assignment.overridden_rules]
    return render(request, "assistance/assignments/overrides.html", {"assignments": assignments})
