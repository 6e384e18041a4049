from django.contrib import admin

from assistance.models import CertificationBody, Expert
from portal.admin import ScopedModelAdmin


@admin.register(CertificationBody)
class CertificationBodyAdmin(ScopedModelAdmin):
    operator_may_edit = True
    list_display = ("name", "approval_number", "tenant")
    list_select_related = ("tenant",)
    search_fields = ("name", "approval_number")


@admin.register(Expert)
class ExpertAdmin(ScopedModelAdmin):
    list_display = ("user", "body", "home_district")
    list_select_related = ("user", "body", "home_district")
