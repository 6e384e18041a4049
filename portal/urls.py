from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import HomeView

admin.site.site_header = _("Improvement action portal — administration")
admin.site.site_title = _("Improvement action portal")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/", include("accounts.urls")),
    path("campaign/", include("campaign.urls")),
    path("api/", include("portal.api_urls")),
    path("admin/", admin.site.urls),
]
