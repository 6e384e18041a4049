"""Token sign-in for API clients (DESIGN.md §8): django-rest-knox tokens, stored hashed, expiring, revocable.

Sign-in goes through django.contrib.auth.authenticate with the Django request, so django-axes counts failures and
locks the account exactly as on the login page.
"""

from axes.helpers import get_cool_off
from django.contrib.auth import authenticate, user_logged_in
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox import views as knox_views
from knox.models import get_token_model
from knox.settings import knox_settings
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import TokenLoginInput, TokenLoginOutput
from accounts.scope import scope_of
from portal.api_input import JSONParser


class AccountLockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self, wait_seconds: int):
        minutes = max(1, round(wait_seconds / 60))
        super().__init__(
            _(
                "Too many failed sign-in attempts: this account is locked for %(minutes)s minutes. "
                "Try again later, or ask the regulator to unlock it."
            )
            % {"minutes": minutes}
        )
        self.wait = wait_seconds  # sent as Retry-After


@extend_schema(tags=["auth"])
class TokenLoginView(APIView):
    # No authentication: the caller has no credentials yet, and session CSRF must not apply to a token client.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Sign in and receive an API token",
        request=TokenLoginInput,
        responses={
            200: TokenLoginOutput,
            400: OpenApiResponse(description="Wrong username or password, or an account without access."),
            429: OpenApiResponse(description="Locked after repeated failures."),
        },
    )
    def post(self, request):
        credentials = TokenLoginInput(data=request.data)
        credentials.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(request=django_request, **credentials.validated_data)
        if getattr(django_request, "axes_locked_out", False):
            # AxesMiddleware would replace any response to a flagged request with the HTML lockout page; an API
            # client gets JSON instead, so the flag is consumed here once the lockout has been recorded.
            django_request.axes_locked_out = False
            raise AccountLockedOut(int(get_cool_off(django_request).total_seconds()))
        if user is None or scope_of(user) is None:
            # Inactive users, wrong passwords and users without a membership all get the same answer.
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Unable to sign in with the username and password given.")]}
            )
        token_model = get_token_model()
        live = token_model.objects.filter(user=user).filter(Q(expiry__gt=timezone.now()) | Q(expiry__isnull=True))
        limit = knox_settings.TOKEN_LIMIT_PER_USER
        if limit is not None and live.count() >= limit:
            raise exceptions.PermissionDenied(
                _("This account has too many active tokens. Sign out with one of them, or sign out everywhere.")
            )
        instance, token = token_model.objects.create(
            user=user, expiry=knox_settings.TOKEN_TTL, prefix=knox_settings.TOKEN_PREFIX
        )
        # Records the sign-in: last_login, and django-axes resets the failure count (AXES_RESET_ON_SUCCESS).
        user_logged_in.send(sender=user.__class__, request=django_request, user=user)
        return Response(TokenLoginOutput({"token": token, "expiry": instance.expiry}).data)


@extend_schema(tags=["auth"])
class TokenLogoutView(knox_views.LogoutView):
    """Revokes the token the request is signed with; other tokens of the user stay valid."""

    @extend_schema(summary="Revoke the token this request is signed with", request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format)


@extend_schema(tags=["auth"])
class TokenLogoutAllView(knox_views.LogoutAllView):
    """Revokes every token of the calling user, e.g. after a device is lost."""

    @extend_schema(summary="Revoke every token of the calling user", request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format)
