"""Sign-in and sign-out pages (django-axes locks out repeated failures), and the forgotten-password pages."""

import unicodedata

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import (
    LoginView,
    LogoutView,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _

UserModel = get_user_model()


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


class PortalPasswordResetForm(PasswordResetForm):
    """Django's form, with one difference: an account that has no password yet (an expert created without one) may
    set one through the same link, since the portal has no other way of signing in."""

    def get_users(self, email):
        email_field = UserModel.get_email_field_name()
        users = UserModel._default_manager.filter(**{f"{email_field}__iexact": email, "is_active": True})
        # As Django compares: the case-folded forms must be equal (iexact alone is looser for some scripts).
        wanted = _folded(email)
        return (user for user in users if _folded(getattr(user, email_field) or "") == wanted)


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


class PortalPasswordResetView(PasswordResetView):
    """Anyone asks for a set-password link by e-mail. The answer is the same whether or not an account has that
    address (the "done" page), so the page reveals no account."""

    form_class = PortalPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PortalPasswordResetDoneView(PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PortalPasswordResetConfirmView(PasswordResetConfirmView):
    """The link from the e-mail (and from an expert's invitation): choose a password, checked by the configured
    validators."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PortalPasswordResetCompleteView(PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
