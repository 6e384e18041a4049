from django.contrib import admin

from enterprises.models import Enterprise
from portal.admin import ScopedModelAdmin


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedModelAdmin):
    list_display = ("name", "credit_code", "district", "cluster")
    list_select_related = ("district",)
    list_filter = ("cluster",)
    search_fields = ("name", "credit_code")
