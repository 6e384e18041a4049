"""Absolute session lifetime: 12 hours after login, whatever the activity (the 30-minute idle limit is the cookie
age, renewed on every request; see settings). Django has the idle half built in but not this one."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils.translation import gettext as _

from portal.middleware import tell_form_kept
from portal.session import rescue_post

SESSION_KEY = "portal_authenticated_at"


@receiver(user_logged_in)
def _remember_login_time(sender, request, user, **kwargs):
    # Only a browser login (django.contrib.auth.login puts the user in the session); an API token login also sends
    # user_logged_in (django-axes needs it) but must not create a session.
    session = getattr(request, "session", None)
    if session is not None and "_auth_user_id" in session:
        session[SESSION_KEY] = int(time.time())


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_KEY, 0)
            if time.time() - started > settings.PORTAL_SESSION_MAX_AGE.total_seconds():
                logout(request)
                if not request.path.startswith("/api/"):
                    if rescue_post(request):  # a form sent just after the 12 hours: kept for after the login
                        tell_form_kept(request, had_files=bool(request.FILES))
                    else:
                        messages.info(request, _("Your session has expired. Please sign in again."))
                    return redirect_to_login(request.get_full_path())
        return self.get_response(request)
