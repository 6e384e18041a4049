"""Project middleware."""

from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.utils.translation import gettext as _

from portal.session import rescue_post


def tell_form_kept(request, *, had_files: bool) -> None:
    """The login page's word on a form sent after the session ended (portal.session)."""
    if had_files:
        messages.info(
            request,
            _(
                "Your session ended before the form was sent. Sign in again: you will be back on the form with what "
                "you typed. Choose its files again."
            ),
        )
    else:
        messages.info(
            request,
            _(
                "Your session ended before the form was sent. Sign in again: you will be back on the form with what you typed."
            ),
        )


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a signed-in user (Django 5.1's middleware; public views are marked ``login_not_required``),
    except the admin's, which guards itself and sends a visitor to its own login page."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.app_name == "admin":
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(self, request, view_func):
        # A form sent after the idle limit: keep what was typed for after the login (portal.session).
        if rescue_post(request):
            tell_form_kept(request, had_files=bool(request.FILES))
        return super().handle_no_permission(request, view_func)
