from django.contrib import admin
from django.db import transaction

from campaign.models import Campaign, Deadline, KickoffMeeting, MemberUnit, Phase, Tenant
from enterprises.services.enterprises import enterprise_district_order_follow
from portal.admin import ScopedModelAdmin


@admin.register(Tenant)
class TenantAdmin(ScopedModelAdmin):
    operator_may_edit = True
    list_display = ("name", "regulator_name", "is_active")


class PhaseInline(admin.TabularInline):
    model = Phase
    fields = ("kind", "starts_on", "ends_on")
    readonly_fields = fields
    extra = 0
    can_delete = False


class DeadlineInline(admin.TabularInline):
    model = Deadline
    fields = ("kind", "due_on")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Campaign)
class CampaignAdmin(ScopedModelAdmin):
    list_display = ("title", "year", "document_number", "tenant")
    list_select_related = ("tenant",)
    inlines = [PhaseInline, DeadlineInline]


@admin.register(Phase)
class PhaseAdmin(ScopedModelAdmin):
    list_display = ("campaign", "kind", "starts_on", "ends_on")
    list_select_related = ("campaign",)
    list_filter = ("kind",)


@admin.register(Deadline)
class DeadlineAdmin(ScopedModelAdmin):
    list_display = ("campaign", "kind", "due_on")
    list_select_related = ("campaign",)
    list_filter = ("kind",)


@admin.register(MemberUnit)
class MemberUnitAdmin(ScopedModelAdmin):
    operator_may_edit = True
    list_display = ("name", "kind", "remit", "is_demonstration_zone", "is_demonstration_point", "tenant")
    list_select_related = ("tenant",)
    list_filter = ("kind", "is_demonstration_zone", "is_demonstration_point")

    def save_model(self, request, obj, form, change):
        # The admin is where a unit's sort_order changes: its enterprises' copy of it (the enterprise list's order)
        # follows in the same transaction (the history page's revert has no atomic block of its own). Whatever the
        # form says changed: a revert compares with the old version, not with the row.
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            enterprise_district_order_follow(district=obj)


@admin.register(KickoffMeeting)
class KickoffMeetingAdmin(ScopedModelAdmin):
    list_display = ("member_unit", "campaign", "held_on", "place", "attendance")
    list_select_related = ("member_unit", "campaign")
    exclude = ("minutes",)
