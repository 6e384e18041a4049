"""The dashboard endpoints (issue 12): one call per screen, cached per scope, ETag / If-None-Match → 304.

- ``GET /api/v1/dashboards/district/<id>/``: the regulator (any district of its tenant), the district itself, or a
  dashboard token of that district; everyone else 404.
- ``GET /api/v1/dashboards/city/``: the regulator; other signed-in roles 403.
- ``GET /api/v1/dashboards/body/<id>/``: the regulator (any body of its tenant) or the body's managers; else 404.

``?campaign=<id>`` picks a campaign the caller sees (default: the current one). The payload is
``evaluation.selectors.dashboards``' (see there for every figure), cached by ``dashboards.cache``.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from accounts.scope import scope_of
from dashboards import selectors
from dashboards.api import serializers
from dashboards.api.auth import DashboardTokenAuthentication, DashboardTokenThrottle
from dashboards.cache import MAX_AGE, Cached
from dashboards.models import DashboardToken

CAMPAIGN = OpenApiParameter(
    "campaign", OpenApiTypes.INT, description="A campaign the caller sees (default: the current one)."
)
NOT_MODIFIED = OpenApiResponse(description="Not modified: the ETag sent in If-None-Match is still current.")
NOT_FOUND = OpenApiResponse(description="No such dashboard, or not yours (the same answer).")


def _tenant(request: Request) -> int:
    scope = scope_of(request.user)
    if scope is None or scope.tenant_id is None:  # a platform operator has no tenant, hence no dashboard
        raise Http404
    return scope.tenant_id


def _answer(request: Request, cached: Cached) -> HttpResponse:
    """304 when the caller's ETag is current; else the cached JSON as it is stored (not decoded and encoded again),
    or, for another renderer (the browsable API), the payload rendered by it."""
    headers = {"ETag": cached.etag, "Cache-Control": f"private, max-age={MAX_AGE}", "Vary": "Authorization, Cookie"}
    sent = request.headers.get("If-None-Match")
    if sent and (cached.etag in parse_etags(sent) or sent.strip() == "*"):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    if getattr(request, "accepted_renderer", None) is not None and request.accepted_renderer.format == "json":
        return HttpResponse(cached.body, content_type="application/json", headers=headers)
    return Response(cached.payload, headers=headers)


class DistrictDashboardView(APIView):
    authentication_classes = [DashboardTokenAuthentication, *api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    throttle_classes = [DashboardTokenThrottle]

    @extend_schema(
        tags=["dashboards"],
        summary=_("District dashboard: the district's figures, activity, compliance and calendar in one call"),
        description=_(
            "Enrolment funnel, visits per week, trainings by kind (enterprises and person-times), problems found "
            "and solved, outcomes before and after, kickoff, trainings and case compliance, rectifications open and "
            "the next deadline. Cached for max_age seconds and refreshed after any write that changes the figures; "
            "send the ETag back in If-None-Match to get 304 when nothing changed. Also readable with a dashboard "
            "token of this district (Authorization: DashboardToken <key>)."
        ),
        parameters=[CAMPAIGN],
        responses={200: serializers.DistrictDashboardOutput, 304: NOT_MODIFIED, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        token = request.auth if isinstance(request.auth, DashboardToken) else None
        if token is not None:
            if token.member_unit_id != pk:
                raise Http404
            tenant_id = token.member_unit.tenant_id
        else:
            if not selectors.may_read_district(user=request.user, member_unit_id=pk):
                raise Http404
            tenant_id = _tenant(request)
        cached = selectors.district_payload(
            user=request.user, tenant_id=tenant_id, member_unit_id=pk, campaign_id=request.query_params.get("campaign")
        )
        return _answer(request, cached)


class CityDashboardView(APIView):
    @extend_schema(
        tags=["dashboards"],
        summary=_("City dashboard: every district and body, who lags and why, the campaign calendar"),
        description=_(
            "For the regulator. The city's totals, each district's and each certification body's figures, lagging "
            "districts and bodies with their reasons, activity per week, outcomes and the calendar. Cached like the "
            "district dashboard (ETag, If-None-Match)."
        ),
        parameters=[CAMPAIGN],
        responses={200: serializers.CityDashboardOutput, 304: NOT_MODIFIED, 403: OpenApiResponse()},
    )
    def get(self, request: Request) -> Response:
        if not selectors.may_read_city(user=request.user):
            raise exceptions.PermissionDenied(_("Only the regulator reads the city dashboard."))
        cached = selectors.city_payload(
            user=request.user, tenant_id=_tenant(request), campaign_id=request.query_params.get("campaign")
        )
        return _answer(request, cached)


class BodyDashboardView(APIView):
    @extend_schema(
        tags=["dashboards"],
        summary=_("Certification body dashboard: its own enterprises, visits and trainings"),
        description=_(
            "For the regulator and the body's managers: the body's figures (enterprises it assists, its experts' "
            "visits, the trainings it organised), activity, outcomes and the calendar. Cached (ETag, If-None-Match)."
        ),
        parameters=[CAMPAIGN],
        responses={200: serializers.BodyDashboardOutput, 304: NOT_MODIFIED, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        body = selectors.dashboard_bodies(user=request.user).filter(pk=pk).first()
        if body is None:
            raise Http404
        cached = selectors.body_payload(
            user=request.user, tenant_id=_tenant(request), body=body, campaign_id=request.query_params.get("campaign")
        )
        return _answer(request, cached)
