from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import Membership, Organisation, User
from portal.admin import ScopedModelAdmin


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts are managed by platform operators only."""

    list_display = ("username", "display_name", "is_active", "is_staff", "last_login")
    fieldsets = DjangoUserAdmin.fieldsets + ((None, {"fields": ("display_name",)}),)

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Organisation)
class OrganisationAdmin(ScopedModelAdmin):
    operator_may_edit = True
    list_display = ("name", "kind", "tenant")
    list_filter = ("kind",)
    search_fields = ("name",)
    list_select_related = ("tenant",)


@admin.register(Membership)
class MembershipAdmin(ScopedModelAdmin):
    operator_may_edit = True
    list_display = ("user", "organisation", "role")
    list_filter = ("role",)
    list_select_related = ("user", "organisation")
    search_fields = ("user__username", "organisation__name")
    autocomplete_fields = ("user",)
