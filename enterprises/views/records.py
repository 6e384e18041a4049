"""HTML pages for enterprise records, certificates, enrolments (nomination, screening, transitions) and the roster
import.

Rows come through visible_to (selectors, get_visible_or_404): what is not the user's is a 404 like a missing row; a
visible row whose action the role forbids is a 403 (enterprises.rules). Writes go through the services; their
ValidationErrors land on the form, which re-renders with what was typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from campaign.models import Campaign
from campaign.selectors import campaign_current
from enterprises import importing
from enterprises.codes import display_phone
from enterprises.forms.records import (
    CertificateForm,
    EnrolmentFilterForm,
    EnterpriseContactForm,
    EnterpriseFilterForm,
    EnterpriseForm,
    EvidenceForm,
    RosterUploadForm,
    ScreeningForm,
    TransitionForm,
)
from enterprises.lifecycle import available_transitions, enrolment_advance
from enterprises.models import (
    Certificate,
    Enrolment,
    EnrolmentState,
    Enterprise,
    RosterImport,
    RosterImportStatus,
    Screening,
    ScreeningEvidence,
)
from enterprises.selectors import records as selectors
from enterprises.services import enrolment as enrolment_services
from enterprises.services import records as services
from portal.excel import write_xlsx
from portal.files import attachment_response
from portal.scoping import get_visible_or_404
from portal.views import require_perm, save_or_show_errors

PAGE_SIZE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _campaign_from(request: HttpRequest) -> Campaign | None:
    raw = request.GET.get("campaign")
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_visible_or_404(Campaign, request.user, pk=int(raw))
    return campaign_current(user=request.user)


# --- enterprises -----------------------------------------------------------------------------------------------------


def _enterprise_rows(request: HttpRequest):
    form = EnterpriseFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_or_404() if request.GET else {}
    rows = selectors.enterprise_list(
        user=request.user, district=data.get("district"), cluster=data.get("cluster") or "", q=data.get("q") or ""
    )
    return form, rows


@require_GET
def enterprise_list(request: HttpRequest) -> HttpResponse:
    form, rows = _enterprise_rows(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "enterprises/records/enterprise_list.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "can_add": request.user.has_perm("enterprises.keep_enterprise_records"),
        },
    )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
def enterprise_export(request: HttpRequest) -> HttpResponse:
    _form, rows = _enterprise_rows(request)
    headers = [header for _key, header in importing.COLUMNS]
    content = write_xlsx("企业名单", headers, (importing.enterprise_export_row(e) for e in rows.iterator()))
    return _xlsx(content, "enterprises.xlsx")


def _enterprise_data(form) -> services.EnterpriseData:
    data = form.cleaned_data
    return services.EnterpriseData(**{name: data[name] for name in services.EnterpriseData.__dataclass_fields__})


@require_http_methods(["GET", "POST"])
def enterprise_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "enterprises.keep_enterprise_records")
    if request.method == "POST":
        form = EnterpriseForm(request.POST, user=request.user)
        if form.is_valid():
            enterprise = save_or_show_errors(
                form,
                lambda: services.enterprise_create(
                    tenant=form.cleaned_data["district"].tenant,
                    data=_enterprise_data(form),
                    acting_user=request.user,
                ),
            )
            if enterprise:
                messages.success(request, _("The enterprise has been recorded."))
                return redirect("enterprises:enterprise-detail", pk=enterprise.pk)
    else:
        form = EnterpriseForm(user=request.user)
        districts = form.fields["district"].queryset
        if len(districts) == 1:
            form.initial["district"] = districts[0].pk
    return render(request, "enterprises/records/enterprise_form.html", {"form": form})


@require_GET
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_for_page(user=request.user, pk=pk)
    campaign = campaign_current(user=request.user)
    enrolments = list(enterprise.enrolments.all())
    return render(
        request,
        "enterprises/records/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "phone": display_phone(enterprise.contact_phone),
            "enrolments": enrolments,
            "certificates": list(enterprise.certificates.all()),
            "timeline": selectors.enterprise_timeline(user=request.user, enterprise=enterprise),
            "campaign": campaign,
            "can_nominate": campaign is not None
            and not any(e.campaign_id == campaign.pk for e in enrolments)
            and request.user.has_perm("enterprises.nominate_enterprise", enterprise),
            "can_edit": request.user.has_perm("enterprises.change_enterprise_contact", enterprise),
            "can_certificates": request.user.has_perm("enterprises.change_certificate", enterprise),
            "audit_due": any(getattr(e, "audit_due", False) for e in enrolments),
        },
    )


@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user).select_related("district"), pk=pk)
    full = request.user.has_perm("enterprises.change_enterprise_record", enterprise)
    if not full:
        # The enterprise itself names its responsible person and phone (四(三)1); everyone else only reads.
        require_perm(request.user, "enterprises.change_enterprise_contact", enterprise)
    if request.method == "POST":
        form = EnterpriseForm(request.POST, user=request.user) if full else EnterpriseContactForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if full:
                write = lambda: services.enterprise_update(  # noqa: E731
                    enterprise=enterprise,
                    data=_enterprise_data(form),
                    expected_version=data["version"],
                    acting_user=request.user,
                )
            else:
                write = lambda: services.enterprise_contact_update(  # noqa: E731
                    enterprise=enterprise,
                    contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"],
                    expected_version=data["version"],
                    acting_user=request.user,
                )
            saved = save_or_show_errors(form, write)
            if saved:
                messages.success(request, _("The enterprise has been saved."))
                return redirect("enterprises:enterprise-detail", pk=saved.pk)
    else:
        initial = {
            name: getattr(enterprise, name)
            for name in ("name", "credit_code", "address", "cluster", "size_class", "employees", "annual_revenue")
            + ("contact_name", "is_foreign_trade", "is_specialised", "is_three_same", "took_part_before")
        }
        initial.update(
            district=enterprise.district_id,
            contact_phone=display_phone(enterprise.contact_phone),
            version=enterprise.version,
        )
        form = EnterpriseForm(initial=initial, user=request.user) if full else EnterpriseContactForm(initial=initial)
    return render(
        request, "enterprises/records/enterprise_form.html", {"form": form, "enterprise": enterprise, "full": full}
    )


# --- certificates (R12) ----------------------------------------------------------------------------------------------


def _certificate_data(form) -> services.CertificateData:
    data = form.cleaned_data
    return services.CertificateData(**{name: data[name] for name in services.CertificateData.__dataclass_fields__})


@require_http_methods(["GET", "POST"])
def certificate_create(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_visible_or_404(Enterprise, request.user, pk=pk)
    require_perm(request.user, "enterprises.change_certificate", enterprise)
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = save_or_show_errors(
            form,
            lambda: services.certificate_create(
                enterprise=enterprise, data=_certificate_data(form), acting_user=request.user
            ),
        )
        if saved:
            messages.success(request, _("The certificate has been saved."))
            return redirect("enterprises:enterprise-detail", pk=enterprise.pk)
    return render(request, "enterprises/records/certificate_form.html", {"form": form, "enterprise": enterprise})


def _visible_certificate(request: HttpRequest, pk: int) -> Certificate:
    return get_object_or_404(Certificate.objects.visible_to(request.user).select_related("enterprise"), pk=pk)


@require_http_methods(["GET", "POST"])
def certificate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _visible_certificate(request, pk)
    require_perm(request.user, "enterprises.change_certificate", certificate.enterprise)
    if request.method == "POST":
        form = CertificateForm(request.POST)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.certificate_update(
                    certificate=certificate,
                    data=_certificate_data(form),
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The certificate has been saved."))
                return redirect("enterprises:enterprise-detail", pk=certificate.enterprise_id)
    else:
        form = CertificateForm(
            initial={name: getattr(certificate, name) for name in services.CertificateData.__dataclass_fields__}
            | {"version": certificate.version}
        )
    return render(
        request,
        "enterprises/records/certificate_form.html",
        {"form": form, "enterprise": certificate.enterprise, "certificate": certificate},
    )


@require_http_methods(["GET", "POST"])
def certificate_delete(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _visible_certificate(request, pk)
    require_perm(request.user, "enterprises.change_certificate", certificate.enterprise)
    if request.method == "POST":
        services.certificate_delete(certificate=certificate, acting_user=request.user)
        messages.success(request, _("The certificate has been deleted."))
        return redirect("enterprises:enterprise-detail", pk=certificate.enterprise_id)
    return render(request, "enterprises/records/certificate_delete.html", {"certificate": certificate})


# --- enrolments --------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def enrolment_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_visible_or_404(Enterprise, request.user, pk=pk)
    require_perm(request.user, "enterprises.nominate_enterprise", enterprise)
    campaign = campaign_current(user=request.user)
    if campaign is None:
        raise Http404
    existing = Enrolment.objects.visible_to(request.user).filter(enterprise=enterprise, campaign=campaign).first()
    if request.method == "POST":
        try:
            enrolment = enrolment_services.enrolment_nominate(
                enterprise=enterprise, campaign=campaign, acting_user=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("enterprises:enterprise-detail", pk=enterprise.pk)
        messages.success(request, _("The enterprise has been nominated. Record its eligibility screening next."))
        return redirect("enterprises:screening-edit", pk=enrolment.pk)
    return render(
        request,
        "enterprises/records/nominate.html",
        {"enterprise": enterprise, "campaign": campaign, "existing": existing},
    )


def _enrolment_rows(request: HttpRequest):
    form = EnrolmentFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_or_404() if request.GET else {}
    campaign = _campaign_from(request)
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
        "enterprises/records/enrolment_list.html",
        {
            "form": form,
            "campaign": campaign,
            "page": page,
            "query": _query_without_page(request),
            "can_import": request.user.has_perm("enterprises.keep_enterprise_records"),
        },
    )


@require_GET
def enrolment_export(request: HttpRequest) -> HttpResponse:
    _form, campaign, rows = _enrolment_rows(request)
    headers = [header for _key, header in importing.COLUMNS] + [
        "年度",
        "状态",
        "初筛结论",
        "进度滞后",
        "监督/再认证审核在行动期内",
    ]
    screening = {True: "符合", False: "不符合", None: ""}

    def lines():
        for enrolment in rows.iterator():
            yield importing.enterprise_export_row(enrolment.enterprise) + [
                enrolment.campaign.year,
                enrolment.get_state_display(),
                screening[enrolment.screening_passed],
                "是" if enrolment.is_overdue else "否",
                enrolment.next_audit_on if enrolment.audit_due else "",
            ]

    return _xlsx(write_xlsx("参与企业", headers, lines()), "enrolments.xlsx")


def _visible_enrolment(request: HttpRequest, pk: int) -> Enrolment:
    return get_object_or_404(
        selectors.with_calendar(Enrolment.objects.visible_to(request.user)).select_related(
            "enterprise", "enterprise__district", "campaign", "nominated_by"
        ),
        pk=pk,
    )


@require_GET
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _visible_enrolment(request, pk)
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
        "enterprises/records/enrolment_detail.html",
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
    enrolment = _visible_enrolment(request, pk)
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
        "enterprises/records/transition_form.html",
        {"form": form, "enrolment": enrolment, "target": EnrolmentState(target)},
    )


def _screening_data(form) -> enrolment_services.ScreeningData:
    data = form.cleaned_data
    return enrolment_services.ScreeningData(
        **{name: data[name] for name in enrolment_services.ScreeningData.__dataclass_fields__}
    )


@require_http_methods(["GET", "POST"])
def screening_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _visible_enrolment(request, pk)
    require_perm(request.user, "enterprises.record_screening", enrolment)
    screening = Screening.objects.filter(enrolment=enrolment).prefetch_related("evidence").first()
    if request.method == "POST":
        form = ScreeningForm(request.POST, request.FILES)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: enrolment_services.screening_record(
                    enrolment=enrolment,
                    data=_screening_data(form),
                    evidence=form.cleaned_data["evidence"],
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                if saved.passed:
                    messages.success(request, _("The screening has been recorded: the enterprise is eligible."))
                else:
                    messages.warning(request, _("The screening has been recorded: the enterprise is not eligible."))
                return redirect("enterprises:enrolment-detail", pk=enrolment.pk)
    elif screening is not None:
        form = ScreeningForm(
            initial={name: getattr(screening, name) for name in enrolment_services.ScreeningData.__dataclass_fields__}
            | {"version": screening.version}
        )
    else:
        from django.utils import timezone

        form = ScreeningForm(initial={"checked_on": timezone.localdate(), "willing": True})
    return render(
        request,
        "enterprises/records/screening_form.html",
        {"form": form, "enrolment": enrolment, "screening": screening},
    )


@require_http_methods(["POST"])
def screening_evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    screening = get_object_or_404(
        Screening.objects.visible_to(request.user).select_related("enrolment__enterprise"), pk=pk
    )
    require_perm(request.user, "enterprises.record_screening", screening.enrolment)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        enrolment_services.screening_evidence_add(
            screening=screening, uploads=form.cleaned_data["evidence"], acting_user=request.user
        )
        messages.success(request, _("The evidence has been added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("enterprises:enrolment-detail", pk=screening.enrolment_id)


@require_GET
def screening_evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_visible_or_404(ScreeningEvidence, request.user, pk=pk)
    return attachment_response(evidence.file, evidence.original_name)


# --- roster import -----------------------------------------------------------------------------------------------------


@require_GET
def roster_template(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "enterprises.keep_enterprise_records")
    return _xlsx(importing.roster_template(user=request.user), "roster-template.xlsx")


@require_http_methods(["GET", "POST"])
def roster_upload(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "enterprises.keep_enterprise_records")
    campaign = campaign_current(user=request.user)
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if campaign is None:
            form.add_error(None, _("There is no campaign to nominate the enterprises into yet."))
        elif form.is_valid():
            job = save_or_show_errors(
                form,
                lambda: importing.roster_import_upload(
                    upload=form.cleaned_data["file"], campaign=campaign, acting_user=request.user
                ),
            )
            if job:
                return redirect("enterprises:roster-detail", pk=job.pk)
    else:
        form = RosterUploadForm()
    return render(
        request,
        "enterprises/records/roster_upload.html",
        {"form": form, "campaign": campaign, "jobs": selectors.roster_import_list(user=request.user)},
    )


def _visible_job(request: HttpRequest, pk: int) -> RosterImport:
    return get_object_or_404(
        RosterImport.objects.visible_to(request.user).select_related("campaign", "created_by"), pk=pk
    )


@require_http_methods(["GET", "POST"])
def roster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _visible_job(request, pk)
    if request.method == "POST":
        try:
            job = importing.roster_import_confirm(job=job, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if job.status == RosterImportStatus.DONE:
                messages.success(
                    request,
                    _("%(total)d enterprises imported and nominated (%(created)d new, %(updated)d updated).")
                    % {"total": job.total, "created": job.created, "updated": job.updated},
                )
        return redirect("enterprises:roster-detail", pk=job.pk)
    # Every column that will be stored, headed as the file wrote it (imports from before the summary: the template's).
    columns = job.reading.get("columns") or importing.COLUMNS
    return render(
        request,
        "enterprises/records/roster_detail.html",
        {
            "job": job,
            "columns": columns,
            "table_rows": [(row, [row["values"].get(key, "") for key, _header in columns]) for row in job.rows],
            "can_confirm": job.status == RosterImportStatus.PREVIEWED
            and not job.error_count
            and job.created_by_id == request.user.pk,
            "running": job.status in (RosterImportStatus.QUEUED, RosterImportStatus.RUNNING),
        },
    )


@require_GET
def roster_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx while a large roster imports; once finished it asks for a full reload."""
    job = get_object_or_404(RosterImport.objects.visible_to(request.user).defer("rows"), pk=pk)
    running = job.status in (RosterImportStatus.QUEUED, RosterImportStatus.RUNNING)
    response = render(request, "enterprises/records/_roster_progress.html", {"job": job, "running": running})
    if not running and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response
