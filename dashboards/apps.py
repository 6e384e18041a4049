from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The writes that change the figures bump the dashboards' cache version (dashboards.cache).
        from dashboards import cache

        cache.connect_invalidation()
