from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, LogoutView
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.models import Role
from accounts.scope import scope_of
from campaign.models import DeadlineKind
from campaign.selectors import deadline_for, home_agenda


class PortalLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Said up front, so a locked-out user is not surprised (django-axes enforces it).
        return super().get_context_data(
            failure_limit=settings.AXES_FAILURE_LIMIT,
            lockout_minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class PortalLogoutView(LogoutView):
    """POST only (Django's LogoutView refuses GET), so a link elsewhere cannot sign the user out. Open to anyone:
    signing out a session that has already expired is no error."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have signed out."))
        return response


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
