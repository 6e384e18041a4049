"""Reads of the enterprise's 《企业实施情况及成效总结》 and its upload history."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Role
from campaign.models import DeadlineKind
from campaign.selectors import DeadlineProgress, deadline_check
from enterprises.models import ENDED_STATES, Case, CaseState, Enrolment, ImplementationSummary


def summary_for(*, user, enrolment: Enrolment) -> ImplementationSummary | None:
    """The enrolment's 《企业实施情况及成效总结》 the user may see, or None."""
    return (
        ImplementationSummary.objects.visible_to(user).filter(enrolment=enrolment).select_related("uploaded_by").first()
    )


def summary_history(summary: ImplementationSummary, limit: int = 20) -> list:
    """Who uploaded which file when, newest first (django-simple-history, one query)."""
    return list(summary.history.select_related("history_user").order_by("-history_date")[:limit])


# --- Deadline checks for the home pages --------------------------------------------------------------------------
# The campaign calendar knows the dates; these say whether the work behind one is done for the user (None: nothing for
# this role to judge). Registered with campaign.selectors.deadline_check when this module is imported (from
# EnterprisesConfig.ready); one or two queries whatever the number of enrolments.


@deadline_check(DeadlineKind.ENTERPRISE_SUMMARY)
def summary_and_cases(*, user, scope, campaign):
    # 附件二(四): the 《企业实施情况及成效总结》 and 1–2 cases.
    """附件二(四): the enterprise has uploaded its summary and submitted a case (the enterprise's and expert's homes)."""
    enrolments = Enrolment.objects.visible_to(user).filter(campaign=campaign).exclude(state__in=ENDED_STATES)
    without_summary = enrolments.exclude(pk__in=ImplementationSummary.objects.values("enrolment_id")).count()
    without_case = enrolments.exclude(pk__in=Case.objects.exclude(state=CaseState.DRAFT).values("enrolment_id")).count()
    if scope.role == Role.ENTERPRISE:
        missing = []
        if without_summary:
            missing.append(_("the implementation summary"))
        if without_case:
            missing.append(_("a submitted case"))
        detail = _("Still to do: %(items)s.") % {"items": "、".join(missing)} if missing else ""
        return DeadlineProgress(done=not missing, detail=detail, url=reverse("enterprises:progress"))
    if scope.role == Role.EXPERT:
        behind = max(without_summary, without_case)
        detail = (
            ngettext(
                "%(count)s of your enterprises still lacks its summary or a submitted case.",
                "%(count)s of your enterprises still lack their summary or a submitted case.",
                behind,
            )
            % {"count": behind}
            if behind
            else ""
        )
        return DeadlineProgress(done=behind == 0, detail=detail, url=reverse("assistance:work-list"))
    return None
