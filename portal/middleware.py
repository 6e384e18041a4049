"""Project middleware."""

from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from portal.session import PASSIVE, rescue_post


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


class PortalNotFoundMiddleware:
    """Development only (DEBUG): the portal's own Chinese 404 page instead of Django's technical one, so the quick start
    shows what production shows. ``PORTAL_DEBUG_PAGES=true`` leaves Django's debug page in place (settings)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A path no URL pattern matches never reaches a view, so process_exception would not see it. Inside
        # CommonMiddleware, whose APPEND_SLASH redirect still turns this 404 into the path with its slash.
        try:
            resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404 as exc:
            return page_not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a ``passive_session`` request leaves an unchanged session as it is: not saved again, so
    its expiry (the idle limit, SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST) does not move. A session the
    request did change (a sign-out at the absolute limit) is saved as usual."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if getattr(request, PASSIVE, False) and session is not None and not session.modified:
            patch_vary_headers(response, ("Cookie",))
            return response
        return super().process_response(request, response)
