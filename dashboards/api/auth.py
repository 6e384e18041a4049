"""``Authorization: DashboardToken <key>``: a dashboard token reads its own district's dashboard and nothing else.

Only the district dashboard endpoint lists this class among its authentication classes; every other endpoint uses
the project's default ones, which do not know the keyword, so a dashboard token there is no credential at all (401).
``request.user`` is the token's issuer (so the usual scoping applies) and ``request.auth`` the token; the view then
restricts the district to the token's own. A revoked token, or one whose issuer can no longer sign in, is a 401.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, throttling

from dashboards.models import DashboardToken
from dashboards.services import token_digest, token_touch

KEYWORD = "DashboardToken"


class DashboardTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace") != KEYWORD:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid dashboard token header: give the key after the keyword."))
        key = header[1].decode(errors="replace")
        token = (
            DashboardToken.objects.select_related("issued_by", "member_unit")
            .filter(digest=token_digest(key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.issued_by.is_active:
            raise exceptions.AuthenticationFailed(_("This dashboard token is not valid (revoked or unknown)."))
        token_touch(token)
        return token.issued_by, token

    def authenticate_header(self, request):
        return KEYWORD


class DashboardTokenThrottle(throttling.SimpleRateThrottle):
    """Per token: ``settings.DASHBOARD_TOKEN_RATE`` (default 30/min, a screen refreshing every minute uses one).
    Requests without a dashboard token are not throttled here."""

    scope = "dashboard_token"

    def get_rate(self):
        return getattr(settings, "DASHBOARD_TOKEN_RATE", "30/min")

    def allow_request(self, request, view):
        # The rate is read per request, so a setting changed in tests (override_settings) takes effect.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, DashboardToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class DashboardTokenScheme(OpenApiAuthenticationExtension):
    target_class = "dashboards.api.auth.DashboardTokenAuthentication"
    name = "dashboardToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Read-only dashboard token of one district: `DashboardToken <key>`.",
        }
