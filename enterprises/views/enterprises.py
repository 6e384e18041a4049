"""HTML pages of enterprise records and their ISO 9001 certificates (R12): list, export, create, detail, edit.

Rows come through ``row_to_read`` / ``row_to_change`` (portal.views) and the selectors: what is not the user's is a
404 like a missing row; a visible row whose action the role forbids is a 403 (enterprises.permissions). Writes go
through the services; their ValidationErrors land on the form, which re-renders with what was typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from campaign.selectors import campaign_current
from enterprises.codes import display_phone
from enterprises.forms.enterprises import CertificateForm, EnterpriseContactForm, EnterpriseFilterForm, EnterpriseForm
from enterprises.models import Certificate, Enterprise
from enterprises.selectors import enterprises as selectors
from enterprises.selectors import roster as roster_selectors
from enterprises.services import enterprises as services
from enterprises.views.common import PAGE_SIZE, query_without_page, xlsx_response
from portal.excel import write_xlsx
from portal.views import require_perm, row_to_change, save_or_show_errors, submit


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
        "enterprises/enterprise_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "can_add": request.user.has_perm("enterprises.keep_enterprise_records"),
        },
    )


@require_GET
def enterprise_export(request: HttpRequest) -> HttpResponse:
    _form, rows = _enterprise_rows(request)
    headers = [header for _key, header in roster_selectors.COLUMNS]
    content = write_xlsx("企业名单", headers, (roster_selectors.enterprise_export_row(e) for e in rows.iterator()))
    return xlsx_response(content, "企业名录.xlsx")


def _enterprise_data(data) -> services.EnterpriseData:
    return services.EnterpriseData(**{name: data.get(name) for name in services.EnterpriseData.__dataclass_fields__})


def _check_enterprise(data) -> None:
    """The service's checks of what was typed (code, phone, …) beside the form's own, so all show at once."""
    services.clean_enterprise_data(_enterprise_data(data))


@require_http_methods(["GET", "POST"])
def enterprise_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "enterprises.keep_enterprise_records")
    if request.method == "POST":
        form = EnterpriseForm(request.POST, user=request.user)
        enterprise = submit(
            form,
            lambda: services.enterprise_create(
                tenant=form.cleaned_data["district"].tenant,
                data=_enterprise_data(form.cleaned_data),
                acting_user=request.user,
            ),
            check=_check_enterprise,
        )
        if enterprise:
            messages.success(request, _("The enterprise has been recorded."))
            return redirect("enterprises:enterprise-detail", pk=enterprise.pk)
    else:
        form = EnterpriseForm(user=request.user)
        districts = form.fields["district"].queryset
        if len(districts) == 1:
            form.initial["district"] = districts[0].pk
    return render(request, "enterprises/enterprise_form.html", {"form": form})


@require_GET
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_for_page(user=request.user, pk=pk)
    campaign = campaign_current(user=request.user)
    enrolments = list(enterprise.enrolments.all())
    return render(
        request,
        "enterprises/enterprise_detail.html",
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
        data = form.cleaned_data if form.is_valid() else {}
        if full:
            write = lambda: services.enterprise_update(  # noqa: E731
                enterprise=enterprise,
                data=_enterprise_data(data),
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
        saved = submit(form, write, check=_check_enterprise if full else None)
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
    return render(request, "enterprises/enterprise_form.html", {"form": form, "enterprise": enterprise, "full": full})


def _certificate_data(form) -> services.CertificateData:
    data = form.cleaned_data
    return services.CertificateData(**{name: data[name] for name in services.CertificateData.__dataclass_fields__})


@require_http_methods(["GET", "POST"])
def certificate_create(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = row_to_change(Enterprise, request.user, "enterprises.change_certificate", pk=pk)
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
    return render(request, "enterprises/certificate_form.html", {"form": form, "enterprise": enterprise})


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
        "enterprises/certificate_form.html",
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
    return render(request, "enterprises/certificate_delete.html", {"certificate": certificate})
