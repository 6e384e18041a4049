"""HTML pages for certification bodies, their experts and working groups, assignments (R2–R4), the exceptions the
regulator follows, and certification audits behind the impartiality firewall (R5).

Rows come through visible_to (directly, via get_visible_or_404 or via assistance.selectors.groups): what is not the
user's is a 404 like a missing row; a visible row whose action the role forbids is a 403 (assistance.rules).
Writes go through assistance.services; their ValidationErrors land on the form, which re-renders with the input.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assistance.forms.groups import (
    AssignForm,
    AuditForm,
    DecideForm,
    EndAssignmentForm,
    ExpertCreateForm,
    ExpertEditForm,
    WorkingGroupForm,
    body_people,
)
from assistance.models import Assignment, CertificationAudit, CertificationBody, Expert, WorkingGroup
from assistance.selectors import groups as selectors
from assistance.services import assignment as assignment_services
from assistance.services import audits as audit_services
from assistance.services import groups as group_services
from campaign.models import Campaign
from campaign.selectors import campaign_current, campaign_list
from enterprises.models import Enrolment
from portal.scoping import get_visible_or_404
from portal.views import require_perm, save_or_show_errors


def _chosen_campaign(request: HttpRequest) -> Campaign | None:
    """?campaign=<id> (a foreign or unknown id is a 404), else the user's current campaign."""
    value = request.GET.get("campaign")
    if value:
        if not value.isdigit():
            raise Http404
        return get_visible_or_404(Campaign, request.user, pk=int(value))
    return campaign_current(user=request.user)


# --- certification bodies -------------------------------------------------------------------------------------------


@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    return render(request, "assistance/groups/body_list.html", {"bodies": selectors.body_list(user=request.user)})


@require_GET
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_visible_or_404(CertificationBody, request.user, pk=pk)
    campaign = campaign_current(user=request.user)
    return render(
        request,
        "assistance/groups/body_detail.html",
        {
            "body": body,
            "campaign": campaign,
            "experts": selectors.with_specialty_labels(
                selectors.expert_list(user=request.user, campaign=campaign).filter(body=body)
            ),
            "groups": selectors.working_group_list(user=request.user, campaign=campaign).filter(body=body),
            "can_manage": request.user.has_perm("assistance.change_expert", body),
        },
    )


# --- experts --------------------------------------------------------------------------------------------------------


@require_GET
def expert_list(request: HttpRequest) -> HttpResponse:
    campaign = _chosen_campaign(request)
    return render(
        request,
        "assistance/groups/expert_list.html",
        {
            "campaign": campaign,
            "campaigns": campaign_list(user=request.user),
            "experts": selectors.with_specialty_labels(selectors.expert_list(user=request.user, campaign=campaign)),
            "can_add": request.user.has_perm("assistance.add_expert"),
            "max_load": assignment_services.MAX_ENTERPRISES_PER_EXPERT,
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
                lambda: group_services.expert_create(
                    username=data["username"],
                    display_name=data["display_name"],
                    password=data["password"],
                    specialties=data["specialties"],
                    home_district=data["home_district"],
                    phone=data["phone"],
                    acting_user=request.user,
                ),
            )
            if expert:
                messages.success(request, _("The expert %(name)s has been added.") % {"name": expert})
                return redirect("assistance:expert-list")
    else:
        form = ExpertCreateForm(user=request.user)
    return render(request, "assistance/groups/expert_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    expert = get_object_or_404(Expert.objects.visible_to(request.user).select_related("user", "body"), pk=pk)
    require_perm(request.user, "assistance.change_expert", expert)
    if request.method == "POST":
        form = ExpertEditForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            saved = save_or_show_errors(
                form,
                lambda: group_services.expert_update(
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
                "version": group_services.expert_version(expert) or 1,
            },
        )
    return render(request, "assistance/groups/expert_form.html", {"form": form, "expert": expert})


# --- working groups (R6) ----------------------------------------------------------------------------------------------


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    campaign = _chosen_campaign(request)
    return render(
        request,
        "assistance/groups/group_list.html",
        {
            "campaign": campaign,
            "campaigns": campaign_list(user=request.user),
            "groups": selectors.working_group_list(user=request.user, campaign=campaign),
            "can_add": request.user.has_perm("assistance.add_workinggroup"),
        },
    )


def _visible_group(request: HttpRequest, pk: int) -> WorkingGroup:
    return get_object_or_404(selectors.working_group_list(user=request.user), pk=pk)


@require_GET
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _visible_group(request, pk)
    return render(
        request,
        "assistance/groups/group_detail.html",
        {"group": group, "can_edit": request.user.has_perm("assistance.change_workinggroup", group)},
    )


def _member_specs(form) -> list[group_services.MemberSpec]:
    return [group_services.MemberSpec(user=u, role=r, is_leader=lead) for u, r, lead in form.members()]


@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.add_workinggroup")
    people = body_people(group_services.own_body(request.user))
    if request.method == "POST":
        form = WorkingGroupForm(request.POST, user=request.user, people=people)
        if form.is_valid():
            data = form.cleaned_data
            group = save_or_show_errors(
                form,
                lambda: group_services.working_group_create(
                    campaign=data["campaign"],
                    name=data["name"],
                    districts=list(data["districts"]),
                    members=_member_specs(form),
                    acting_user=request.user,
                ),
            )
            if group:
                messages.success(request, _("The working group %(name)s has been set up.") % {"name": group})
                return redirect("assistance:group-detail", pk=group.pk)
    else:
        campaign = campaign_current(user=request.user)
        form = WorkingGroupForm(user=request.user, people=people, initial={"campaign": campaign})
    return render(request, "assistance/groups/group_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = _visible_group(request, pk)
    require_perm(request.user, "assistance.change_workinggroup", group)
    people = body_people(group.body)
    if request.method == "POST":
        form = WorkingGroupForm(request.POST, user=request.user, people=people, initial={"campaign": group.campaign_id})
        form.fields["campaign"].disabled = True  # a group stays in its campaign
        if form.is_valid():
            data = form.cleaned_data
            saved = save_or_show_errors(
                form,
                lambda: group_services.working_group_update(
                    group=group,
                    name=data["name"],
                    districts=list(data["districts"]),
                    members=_member_specs(form),
                    expected_version=data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The working group %(name)s has been saved.") % {"name": saved})
                return redirect("assistance:group-detail", pk=saved.pk)
    else:
        members = {m.user_id: m for m in group.members.all()}
        initial = {
            "name": group.name,
            "campaign": group.campaign_id,
            "districts": [d.pk for d in group.districts.all()],
            "version": group.version,
            "leader": next((uid for uid, m in members.items() if m.is_leader), None),
        }
        initial.update({f"member_{uid}": m.role for uid, m in members.items()})
        form = WorkingGroupForm(user=request.user, people=people, initial=initial)
        form.fields["campaign"].disabled = True
    return render(request, "assistance/groups/group_form.html", {"form": form, "group": group})


# --- assignments (R2–R4) ------------------------------------------------------------------------------------------------


@require_GET
def assignment_list(request: HttpRequest) -> HttpResponse:
    campaign = _chosen_campaign(request)
    can_assign = request.user.has_perm("assistance.assign_expert")
    return render(
        request,
        "assistance/groups/assignment_list.html",
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
    enrolment = get_object_or_404(
        Enrolment.objects.visible_to(request.user).select_related("enterprise__district", "campaign"), pk=pk
    )
    require_perm(request.user, "assistance.assign_expert", enrolment)
    current = (
        Assignment.objects.visible_to(request.user)
        .filter(enrolment=enrolment, ended_at__isnull=True)
        .select_related("expert__user", "expert__home_district")
        .first()
    )
    if request.method == "POST":
        form = AssignForm(request.POST, user=request.user, replacing=current)
        if form.is_valid():
            data = form.cleaned_data
            assignment = save_or_show_errors(
                form,
                lambda: assignment_services.assignment_create(
                    enrolment=enrolment,
                    expert=data["expert"],
                    override_reason=data["override_reason"],
                    reassign_reason=data.get("reassign_reason", ""),
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
                        % {"rules": "、".join(assignment.overridden_rules)},
                    )
                return redirect("assistance:assignment-list")
    else:
        form = AssignForm(user=request.user, replacing=current, initial={"expert": request.GET.get("expert")})
    return render(
        request,
        "assistance/groups/assign_form.html",
        {
            "form": form,
            "enrolment": enrolment,
            "current": current,
            "suggestions": selectors.expert_suggestions(enrolment=enrolment, user=request.user),
            "max_load": assignment_services.MAX_ENTERPRISES_PER_EXPERT,
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
                lambda: assignment_services.assignment_end(
                    assignment=assignment, reason=form.cleaned_data["reason"], acting_user=request.user
                ),
            )
            if saved:
                messages.success(request, _("The assignment has ended."))
                return redirect("assistance:assignment-list")
    else:
        form = EndAssignmentForm()
    return render(request, "assistance/groups/assignment_end.html", {"form": form, "assignment": assignment})


@require_GET
def override_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.view_overrides")
    return render(
        request, "assistance/groups/override_list.html", {"assignments": selectors.override_list(user=request.user)}
    )


# --- certification audits (R5) --------------------------------------------------------------------------------------------


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    return render(request, "assistance/groups/audit_list.html", {"audits": selectors.audit_list(user=request.user)})


@require_http_methods(["GET", "POST"])
def audit_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(
        Enrolment.objects.visible_to(request.user).select_related("enterprise", "campaign"), pk=pk
    )
    require_perm(request.user, "assistance.add_certificationaudit", enrolment)
    if request.method == "POST":
        form = AuditForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            audit = save_or_show_errors(
                form,
                lambda: audit_services.certification_audit_record(
                    enrolment=enrolment,
                    team=list(data["team"]),
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    decision_maker=data["decision_maker"],
                    acting_user=request.user,
                ),
            )
            if audit:
                messages.success(request, _("The certification audit has been recorded."))
                return redirect("assistance:audit-detail", pk=audit.pk)
    else:
        form = AuditForm(user=request.user)
    assisted = audit_services.assisting_experts(enrolment.enterprise_id)
    return render(
        request,
        "assistance/groups/audit_form.html",
        {
            "form": form,
            "enrolment": enrolment,
            "assisted": [e for e in Expert.objects.visible_to(request.user).select_related("user") if e.pk in assisted],
        },
    )


def _visible_audit(request: HttpRequest, pk: int) -> CertificationAudit:
    return get_object_or_404(selectors.audit_list(user=request.user), pk=pk)


@require_GET
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _visible_audit(request, pk)
    return render(
        request,
        "assistance/groups/audit_detail.html",
        {"audit": audit, "can_decide": request.user.has_perm("assistance.change_certificationaudit", audit)},
    )


@require_http_methods(["GET", "POST"])
def audit_decide(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _visible_audit(request, pk)
    require_perm(request.user, "assistance.change_certificationaudit", audit)
    if request.method == "POST":
        form = DecideForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            saved = save_or_show_errors(
                form,
                lambda: audit_services.certification_audit_decide(
                    audit=audit,
                    decision_maker=data["decision_maker"],
                    result=data["result"],
                    decided_on=data["decided_on"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The certification decision has been recorded."))
                return redirect("assistance:audit-detail", pk=saved.pk)
    else:
        form = DecideForm(user=request.user, initial={"decision_maker": audit.decision_maker_id})
    return render(request, "assistance/groups/audit_decide.html", {"form": form, "audit": audit})
