"""The home page: each role lands on the current campaign and phase, and what it must do next and by when
(DESIGN.md §9). It reads every domain app (the calendar, the enterprise's checklist, the expert's enterprises, R12),
so it lives in ``portal`` and not in ``accounts``, which stays a leaf that no domain app's code is imported into.
"""

from django.views.generic import TemplateView

from accounts.models import Role
from accounts.scope import scope_of
from campaign.models import DeadlineKind
from campaign.selectors import deadline_for, home_agenda

HOME_ALERT_ROWS = 5  # a home alert lists this many rows and links to the page for the rest


class HomeView(TemplateView):
    """Each role's landing page: the current campaign and phase, what to do next and by when (DESIGN.md §9)."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        scope = scope_of(user)
        agenda = home_agenda(user=user)
        role = scope.role if scope else None
        is_member_unit = role == Role.MEMBER_UNIT
        if role == Role.ENTERPRISE:
            # The enterprise's home is its 附件二 checklist (outputs slice).
            from enterprises.selectors.progress import enrolment_progress, own_current_enrolment

            own = own_current_enrolment(user=user)
            kwargs["is_enterprise"] = True
            kwargs["enterprise_progress"] = enrolment_progress(user=user, enrolment=own) if own else None
        if role in (Role.EXPERT, Role.CB_MANAGER):
            # The assisted enterprises with what is due next (work slice).
            from assistance.selectors.enrolments import work_enrolments

            kwargs["work_rows"] = work_enrolments(user=user)[:10]
            kwargs["work_is_manager"] = role == Role.CB_MANAGER
        if role == Role.CB_MANAGER:
            # What the regulator forwarded and the audits awaiting a decision: pages the body must act on.
            from assistance.selectors.audits import audits_undecided
            from enterprises.selectors.complaints import complaints_awaiting_response

            kwargs["complaints_to_answer"] = list(complaints_awaiting_response(user=user)[:HOME_ALERT_ROWS])
            kwargs["audits_to_decide"] = list(audits_undecided(user=user)[:HOME_ALERT_ROWS])
            # 五(二): the regulator's assessment of the body in this campaign, until the body has given its one answer.
            from evaluation.selectors.scorecards import assessments_to_answer

            if agenda.campaign is not None:
                kwargs["assessments_to_answer"] = list(
                    assessments_to_answer(user=user, campaign=agenda.campaign)[:HOME_ALERT_ROWS]
                )
        if role in (Role.MEMBER_UNIT, Role.CB_MANAGER):
            # 催办 the regulator sent to this unit or body (issue 10).
            from notifications.selectors.notifications import urges_for_home

            kwargs["urges"] = urges_for_home(user=user)
        # On-site supervision (现场督导): the party's rectifications to answer, the regulator's overdue count.
        from supervision.home import supervision_panel

        kwargs.update(supervision_panel(user, scope))
        # The mid-term meeting's next steps that the user's unit or body owns (evaluation).
        from evaluation.home import evaluation_panel

        kwargs.update(evaluation_panel(user, scope))
        # District submissions by 30 November (五(一), R10): the district's own state and countdown, the regulator's counts.
        from submissions.home import submission_panel

        kwargs.update(submission_panel(user, scope, agenda.campaign))
        # The link to the role's dashboard (issue 12).
        from dashboards.home import dashboards_panel

        kwargs.update(dashboards_panel(user, scope))
        if agenda.campaign is not None:
            # R12: audits falling due inside the campaign, for the district and the assigned expert (records slice).
            from enterprises.selectors.enrolments import r12_audits_due, shows_r12

            if shows_r12(user):
                kwargs["r12_rows"] = r12_audits_due(user=user, campaign=agenda.campaign)
        return super().get_context_data(
            agenda=agenda,
            campaign=agenda.campaign,
            is_regulator=role == Role.REGULATOR,
            is_member_unit=is_member_unit,
            own_kickoff=agenda.kickoffs[0] if is_member_unit and agenda.kickoffs else None,
            kickoff_deadline=deadline_for(agenda.campaign, DeadlineKind.KICKOFF) if agenda.campaign else None,
            **kwargs,
        )
