"""The benchmark's URLs: the portal's own, plus the bare view that is the floor of every ratio (bench/load.py)."""

from django.urls import include, path
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView


class BareView(APIView):
    """An authenticated DRF view returning a constant: the same authentication, permission and rendering as every
    endpoint, and no query beyond the token lookup. ``GET /bench/bare/`` → ``{"ok": true}``; 401 without a token."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("bench/bare/", BareView.as_view(), name="bench-bare"),
    path("", include("portal.urls")),
]
