"""Nothing typed is lost to the idle limit (ASVS 3.3.2: the session ends after 30 idle minutes, and stays so).

- Before the limit, every page of a signed-in user warns and offers to stay signed in (static/js/session.js calls
  ``session_keepalive``, which renews the session like any request).
- A form sent after the session has ended is not thrown away: the login redirect stashes its text fields in the new
  (anonymous) session, which survives the login (Django keeps an anonymous session's data when the user signs in),
  and the form page, opened again after signing in, fills them back in (``portal_session`` puts them in the page as
  JSON; session.js fills the form and says so). The user checks and saves; nothing is saved behind their back.
  Files are not stashed for an anonymous request (no unauthenticated uploads kept on disk): they are chosen again.
- A background request the page makes by itself (the unread badge's poll every minute) is ``passive_session``: it
  does not renew the session, and session.js does not count it as activity. Otherwise a page left open would keep
  its session alive for ever (up to the 12-hour absolute limit) and the idle limit would never come.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

RESCUE_KEY = "portal_rescued_form"
# Far above any of the portal's forms (a visit's notes are 5,000 characters), far below what an anonymous sender
# could make the session table hold.
MAX_RESCUED_CHARACTERS = 60_000
_NOT_RESCUED = {"csrfmiddlewaretoken"}


def rescue_post(request: HttpRequest) -> bool:
    """Stash the text fields of a POST that arrived without a session, for ``request.path``; True when stashed."""
    if request.method != "POST" or request.path.startswith("/api/"):
        return False
    try:
        fields = {
            name: values
            for name, values in request.POST.lists()
            if name not in _NOT_RESCUED and not name.endswith("__kept")
        }
    except Exception:  # an unreadable body (too large, malformed): nothing to keep  # noqa: BLE001
        return False
    if not fields or sum(len(value) for values in fields.values() for value in values) > MAX_RESCUED_CHARACTERS:
        return False
    request.session[RESCUE_KEY] = {"path": request.path, "fields": fields, "had_files": bool(request.FILES)}
    return True


def rescued_form(request: HttpRequest) -> dict | None:
    """The stashed form of this page (taken out of the session), for a signed-in user opening it again."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)  # absent when the request failed before the middleware (a bad Host)
    if session is None or user is None or request.method != "GET" or not user.is_authenticated:
        return None
    stashed = session.get(RESCUE_KEY)
    if not stashed or stashed.get("path") != request.path:
        return None
    del session[RESCUE_KEY]
    return stashed


PASSIVE = "_portal_passive_session"  # the request attribute portal.middleware.SessionMiddleware reads


def passive_session(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view whose requests the page makes by itself (a poll): they read the session but do not renew it."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        setattr(request, PASSIVE, True)
        return view(request, *args, **kwargs)

    return wrapped


def portal_session(request: HttpRequest) -> dict:
    """Context processor: the idle limit session.js warns about, the form to fill back in on this page, and the
    largest form body the server reads (session.js stops a bigger one in the page, the text still there)."""
    return {
        "portal_idle_seconds": settings.SESSION_COOKIE_AGE,
        "portal_rescued_form": rescued_form(request),
        "portal_max_form_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
    }


@require_GET
@never_cache
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in": a request like any other renews the session (SESSION_SAVE_EVERY_REQUEST)."""
    return HttpResponse(status=204)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400. A form body over DATA_UPLOAD_MAX_MEMORY_SIZE (which session.js stops in the page, unless script
    is off) is told so in Chinese — 413, with the way back to the text, still in the browser's form — instead of the
    bare "bad request"."""
    if isinstance(exception, RequestDataTooBig):
        return render(request, "400.html", {"too_big": True}, status=413)
    return defaults.bad_request(request, exception)
