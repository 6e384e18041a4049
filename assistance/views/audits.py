"""Pages for certification audits behind the impartiality firewall (R5, 附件一, 附件三)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assistance.forms.audits import AuditForm, DecideForm
from assistance.models import CertificationAudit, Expert
from assistance.policy import assisting_experts
from assistance.selectors import audits as selectors
from assistance.services import audits as services
from enterprises.models import Enrolment
from portal.views import require_perm, row_to_change, save_or_show_errors


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    return render(request, "assistance/audits/list.html", {"audits": selectors.audit_list(user=request.user)})


@require_http_methods(["GET", "POST"])
def audit_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = row_to_change(Enrolment, request.user, "assistance.add_certificationaudit", pk=pk)
    if request.method == "POST":
        form = AuditForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            audit = save_or_show_errors(
                form,
                lambda: services.certification_audit_record(
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
    assisted = assisting_experts(enrolment.enterprise_id)
    return render(
        request,
        "assistance/audits/form.html",
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
        "assistance/audits/detail.html",
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
                lambda: services.certification_audit_decide(
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
    return render(request, "assistance/audits/decide.html", {"form": form, "audit": audit})
