"""The plan page (附件二(三) 一企一策)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assistance.forms.plans import PlanForm
from assistance.permissions import RECORD_WORK
from assistance.selectors.enrolments import work_records
from assistance.selectors.plans import plan_key_issues_draft
from assistance.services import plans as services
from assistance.views.shared import assisted_enrolment, form_page, work_url
from portal.views import require_perm, save_or_show_errors


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = assisted_enrolment(request, pk)
    require_perm(request.user, RECORD_WORK, enrolment)
    plan = work_records(enrolment=enrolment, user=request.user).plan
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            data = {n: form.cleaned_data[n] for n in ("key_issues", "approach", "milestones")}
            if plan is None:
                saved = save_or_show_errors(
                    form, lambda: services.plan_record(enrolment=enrolment, acting_user=request.user, **data)
                )
            else:
                saved = save_or_show_errors(
                    form,
                    lambda: services.plan_update(
                        plan=plan,
                        expected_version=form.cleaned_data["version"] or plan.version,
                        acting_user=request.user,
                        **data,
                    ),
                )
            if saved:
                messages.success(request, _("The plan has been saved."))
                return redirect(work_url(enrolment.pk, "plan"))
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
        form = PlanForm(initial={"key_issues": plan_key_issues_draft(enrolment=enrolment, user=request.user)})
    return form_page(
        request,
        form,
        title=_("Edit the plan (一企一策)") if plan else _("Write the plan (一企一策)"),
        enrolment=enrolment,
    )
