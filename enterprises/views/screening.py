"""HTML pages of the eligibility screening (R1; 三、参与企业范围, 附件二(二)) and its evidence."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from enterprises.forms.screening import EvidenceForm, ScreeningForm
from enterprises.models import Screening, ScreeningEvidence
from enterprises.selectors import enrolments as enrolment_selectors
from enterprises.services import screening as services
from portal.files import attachment_response
from portal.views import require_perm, row_to_read, submit


def _screening_data(data) -> services.ScreeningData:
    return services.ScreeningData(**{name: data.get(name) for name in services.ScreeningData.__dataclass_fields__})


@require_http_methods(["GET", "POST"])
def screening_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_selectors.enrolment_for_page(user=request.user, pk=pk)
    require_perm(request.user, "enterprises.record_screening", enrolment)
    screening = (
        Screening.objects.visible_to(request.user).filter(enrolment=enrolment).prefetch_related("evidence").first()
    )
    if request.method == "POST":
        form = ScreeningForm(request.POST, request.FILES)
        saved = submit(
            form,
            lambda: services.screening_record(
                enrolment=enrolment,
                data=_screening_data(form.cleaned_data),
                evidence=form.cleaned_data["evidence"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            ),
            check=lambda data: services.screening_check(_screening_data(data)),
        )
        if saved:
            if saved.passed:
                messages.success(request, _("The screening has been recorded: the enterprise is eligible."))
            else:
                messages.warning(request, _("The screening has been recorded: the enterprise is not eligible."))
            return redirect("enterprises:enrolment-detail", pk=enrolment.pk)
    elif screening is not None:
        form = ScreeningForm(
            initial={name: getattr(screening, name) for name in services.ScreeningData.__dataclass_fields__}
            | {"version": screening.version}
        )
    else:
        from django.utils import timezone

        form = ScreeningForm(initial={"checked_on": timezone.localdate(), "willing": True})
    return render(
        request,
        "enterprises/screening_form.html",
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
        services.screening_evidence_add(
            screening=screening, uploads=form.cleaned_data["evidence"], acting_user=request.user
        )
        messages.success(request, _("The evidence has been added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("enterprises:enrolment-detail", pk=screening.enrolment_id)


@require_GET
def screening_evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = row_to_read(ScreeningEvidence, request.user, pk=pk)
    return attachment_response(evidence.file, evidence.original_name)
