from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal.admin import restrict_unscoped_admins_to_operators
from portal.home import HomeView
from portal.session import session_keepalive

admin.site.site_header = _("Improvement action portal — administration")
admin.site.site_title = _("Improvement action portal")
# Every app's admin.py has run by now (admin autodiscovery happens when apps are ready).
restrict_unscoped_admins_to_operators(admin.site)

handler400 = "portal.session.bad_request"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("session/keepalive/", session_keepalive, name="session-keepalive"),
    path("accounts/", include("accounts.urls")),
    path("campaign/", include("campaign.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("assistance/", include("assistance.urls")),
    path("supervision/", include("supervision.urls")),
    path("reporting/", include("reporting.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("submissions/", include("submissions.urls")),
    path("notifications/", include("notifications.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("api/", include("portal.api_urls")),
    path("admin/", admin.site.urls),
]
