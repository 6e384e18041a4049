"""Sign-in and sign-out pages (django-axes locks out repeated failures)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import (
    LoginView,
    LogoutView,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
)
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _


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


class PortalPasswordResetConfirmView(PasswordResetConfirmView):
    """Setting one's password from an e-mailed link (an expert's invitation): Django's token check, and the
    configured password validators through its SetPasswordForm."""

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PortalPasswordResetCompleteView(PasswordResetCompleteView):
    template_name = "accounts/password_set_done.html"
