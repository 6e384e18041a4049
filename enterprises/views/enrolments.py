"""HTML pages of enrolments: nominating an enterprise, the list and its export, the enrolment's page and its state
transitions (DESIGN.md §5).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from campaign.selectors import campaign_current
from enterprises.forms.enrolments import EnrolmentFilterForm, NominateForm, TransitionForm
from enterprises.models import Enrolment, EnrolmentState, Enterprise, Screening
from enterprises.policy import late_nomination_warning
from enterprises.selectors import enrolments as selectors
from enterprises.selectors import roster as roster_selectors
from enterprises.selectors.enrolments import available_transitions
from enterprises.services import enrolments as services
from enterprises.services.enrolments import enrolment_advance
from enterprises.views.common import PAGE_SIZE, campaign_from, query_without_page, xlsx_response
from portal.excel import write_xlsx
from portal.views import require_perm, row_to_change, save_or_show_errors


@require_http_methods(["GET", "POST"])
def enrolment_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = row_to_change(Enterprise, request.user, "enterprises.nominate_enterprise", pk=pk)
    campaign = campaign_current(user=request.user)
    if campaign is None:
        raise Http404
    existing = Enrolment.objects.visible_to(request.user).filter(enterprise=enterprise, campaign=campaign).first()
    # After the assistance phase: a warning, and the reason to go on is asked for (policy.late_nomination_warning).
    late_warning = late_nomination_warning(campaign, timezone.localdate())
    form = NominateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_nominate(
                enterprise=enterprise,
                campaign=campaign,
                late_reason=form.cleaned_data["late_reason"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            late = getattr(exc, "error_dict", {}).get("late_reason")
            if not late:  # already nominated, or the campaign has finished: said on the enterprise's page
                messages.error(request, " ".join(exc.messages))
                return redirect("enterprises:enterprise-detail", pk=enterprise.pk)
            form.add_error("late_reason", late)
        else:
            messages.success(request, _("The enterprise has been nominated. Record its eligibility screening next."))
            return redirect("enterprises:screening-edit", pk=enrolment.pk)
    return render(
        request,
        "enterprises/enrolment_nominate.html",
        {
            "enterprise": enterprise,
            "campaign": campaign,
            "existing": existing,
            "late_warning": late_warning,
            "form": form,
        },
    )


def _enrolment_rows(request: HttpRequest):
    form = EnrolmentFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_or_404() if request.GET else {}
    campaign = campaign_from(request)
    certified = {"yes": True, "no": False}.get(data.get("certified") or "")
    filters = selectors.EnrolmentFilters(
        campaign=campaign,
        district=data.get("district"),
        cluster=data.get("cluster") or "",
        state=data.get("state") or "",
        certified=certified,
        overdue=bool(data.get("overdue")),
        audit_due=bool(data.get("audit_due")),
        q=data.get("q") or "",
    )
    return form, campaign, selectors.enrolment_list(user=request.user, filters=filters)


@require_GET
def enrolment_list(request: HttpRequest) -> HttpResponse:
    form, campaign, rows = _enrolment_rows(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "enterprises/enrolment_list.html",
        {
            "form": form,
            "campaign": campaign,
            "page": page,
            "query": query_without_page(request),
            "can_import": request.user.has_perm("enterprises.keep_enterprise_records"),
        },
    )


@require_GET
def enrolment_export(request: HttpRequest) -> HttpResponse:
    _form, campaign, rows = _enrolment_rows(request)
    headers = [header for _key, header in roster_selectors.COLUMNS] + [
        "年度",
        "状态",
        "初筛结论",
        "进度滞后",
        "监督/再认证审核在行动期内",
    ]
    screening = {True: "符合", False: "不符合", None: ""}

    def lines():
        for enrolment in rows.iterator():
            yield roster_selectors.enterprise_export_row(enrolment.enterprise) + [
                enrolment.campaign.year,
                enrolment.get_state_display(),
                screening[enrolment.screening_passed],
                "是" if enrolment.is_overdue else "否",
                enrolment.next_audit_on if enrolment.audit_due else "",
            ]

    return xlsx_response(write_xlsx("参与企业", headers, lines()), "参与企业.xlsx")


@require_GET
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_for_page(user=request.user, pk=pk)
    screening = (
        Screening.objects.visible_to(request.user)
        .select_related("checked_by")
        .prefetch_related("evidence")
        .filter(enrolment=enrolment)
        .first()
    )
    transitions = enrolment.transitions.select_related("by").order_by("at", "pk")
    targets = sorted(available_transitions(enrolment, request.user), key=EnrolmentState.values.index)
    return render(
        request,
        "enterprises/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "enterprise": enrolment.enterprise,
            "screening": screening,
            "transitions": transitions,
            "targets": [(state, EnrolmentState(state).label) for state in targets],
            "can_screen": enrolment.state == EnrolmentState.NOMINATED
            and request.user.has_perm("enterprises.record_screening", enrolment),
        },
    )


@require_http_methods(["GET", "POST"])
def enrolment_transition(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_for_page(user=request.user, pk=pk)
    data = request.POST if request.method == "POST" else request.GET
    form = TransitionForm(data)
    target = data.get("to", "")
    if target not in EnrolmentState.values:
        raise Http404
    require_perm(request.user, f"enterprises.advance_enrolment_to_{target}", enrolment)
    if request.method == "POST" and form.is_valid():
        saved = save_or_show_errors(
            form,
            lambda: enrolment_advance(
                enrolment=enrolment, to=target, acting_user=request.user, reason=form.cleaned_data["reason"]
            ),
        )
        if saved:
            messages.success(request, _("The enrolment is now “%(state)s”.") % {"state": saved.get_state_display()})
            return redirect("enterprises:enrolment-detail", pk=enrolment.pk)
    elif request.method == "GET":
        form = TransitionForm(initial={"to": target})
    return render(
        request,
        "enterprises/enrolment_transition.html",
        {"form": form, "enrolment": enrolment, "target": EnrolmentState(target)},
    )
