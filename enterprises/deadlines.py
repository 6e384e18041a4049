"""What the enterprise records say about the campaign's deadlines, for each role's home page.

Registered with campaign.selectors.deadline_check (from EnterprisesConfig.ready): the calendar app knows the dates,
this app knows whether the work behind them is done. A check returns None when the user has nothing to judge.
Each check is one or two queries whatever the number of enrolments.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Role
from campaign.models import DeadlineKind
from campaign.selectors import DeadlineProgress, deadline_check
from enterprises.models import (
    ENDED_STATES,
    Case,
    CaseReview,
    CaseState,
    Enrolment,
    EnrolmentState,
    ImplementationSummary,
)
from enterprises.policy import RECOMMENDED_STATES

_BEFORE_REVIEWED = [
    EnrolmentState.NOMINATED,
    EnrolmentState.SCREENED,
    EnrolmentState.ASSIGNED,
    EnrolmentState.DIAGNOSED,
    EnrolmentState.BUILDING,
    EnrolmentState.OPERATING,
]
_PAST_DISTRICT = RECOMMENDED_STATES


@deadline_check(DeadlineKind.ASSISTANCE_COMPLETE)
def assistance_complete(*, user, scope, campaign):
    # 四(二): assistance, system building and operation run May–October; "done" is internal audit and management
    # review recorded (R7) for every enrolment still under way.
    enrolments = Enrolment.objects.visible_to(user).filter(campaign=campaign).exclude(state__in=ENDED_STATES)
    if scope.role == Role.MEMBER_UNIT and not scope.member_unit_is_district:
        return None
    behind = enrolments.filter(state__in=_BEFORE_REVIEWED).count()
    if scope.role == Role.ENTERPRISE:
        return DeadlineProgress(done=behind == 0, url=reverse("enterprises:progress"))
    url = reverse("assistance:work-list") if scope.role in (Role.EXPERT, Role.CB_MANAGER) else ""
    if not url:
        url = reverse("enterprises:enrolment-list") + f"?campaign={campaign.pk}"
    detail = (
        ngettext(
            "%(count)s enterprise has not finished its internal audit and management review.",
            "%(count)s enterprises have not finished their internal audit and management review.",
            behind,
        )
        % {"count": behind}
        if behind
        else ""
    )
    return DeadlineProgress(done=behind == 0, detail=detail, url=url)


@deadline_check(DeadlineKind.ENTERPRISE_SUMMARY)
def summary_and_cases(*, user, scope, campaign):
    # 附件二(四): the 《企业实施情况及成效总结》 and 1–2 cases.
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


@deadline_check(DeadlineKind.CASE_RECOMMENDATION)
def district_recommended_a_case(*, user, scope, campaign):
    # 五(一) and R10: 每区至少推荐1家.
    if scope.role != Role.MEMBER_UNIT or not scope.member_unit_is_district:
        return None
    recommended = Case.objects.visible_to(user).filter(enrolment__campaign=campaign, state__in=_PAST_DISTRICT).count()
    detail = (
        ngettext("%(count)s case recommended.", "%(count)s cases recommended.", recommended) % {"count": recommended}
        if recommended
        else ""
    )
    return DeadlineProgress(done=recommended > 0, detail=detail, url=reverse("enterprises:case-list"))


@deadline_check(DeadlineKind.CASE_SELECTION)
def cases_scored_and_selected(*, user, scope, campaign):
    # 五(一): 组织专家评选优秀案例 — reviewers score, the regulator selects.
    if scope.role == Role.REVIEWER:
        reviews = CaseReview.objects.visible_to(user).filter(case__enrolment__campaign=campaign)
        waiting = reviews.filter(score__isnull=True).count()
        if not waiting and not reviews.exists():
            return None
        detail = (
            ngettext("%(count)s case waits for your score.", "%(count)s cases wait for your score.", waiting)
            % {"count": waiting}
            if waiting
            else ""
        )
        return DeadlineProgress(done=waiting == 0, detail=detail, url=reverse("enterprises:case-list"))
    if scope.role == Role.REGULATOR:
        cases = Case.objects.visible_to(user).filter(enrolment__campaign=campaign)
        waiting = cases.filter(state__in=[CaseState.RECOMMENDED, CaseState.SCORED]).count()
        detail = (
            ngettext(
                "%(count)s recommended case is not decided yet.",
                "%(count)s recommended cases are not decided yet.",
                waiting,
            )
            % {"count": waiting}
            if waiting
            else ""
        )
        return DeadlineProgress(
            done=waiting == 0 and cases.exists(), detail=detail, url=reverse("enterprises:case-list")
        )
    return None
