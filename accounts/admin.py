from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

from accounts.models import Membership, Organisation, User
from portal.admin import OperatorOnlyAdminMixin, ScopedModelAdmin


@admin.register(User)
class UserAdmin(OperatorOnlyAdminMixin, DjangoUserAdmin):
    """Accounts are managed by platform operators only."""

    list_display = ("username", "display_name", "is_active", "is_staff", "last_login")
    fieldsets = DjangoUserAdmin.fieldsets + ((None, {"fields": ("display_name",)}),)


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


# Roles are Memberships, not Django groups; an unused Group admin would only confuse operators.
admin.site.unregister(Group)
