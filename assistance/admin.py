from django.contrib import admin

from assistance import models as m
from portal.admin import ScopedModelAdmin


@admin.register(m.CertificationBody)
class CertificationBodyAdmin(ScopedModelAdmin):
    operator_may_edit = True
    list_display = ("name", "approval_number", "tenant")
    list_select_related = ("tenant",)
    search_fields = ("name", "approval_number")


@admin.register(m.Expert)
class ExpertAdmin(ScopedModelAdmin):
    list_display = ("user", "body", "home_district")
    list_select_related = ("user", "body", "home_district")


@admin.register(m.WorkingGroup)
class WorkingGroupAdmin(ScopedModelAdmin):
    list_display = ("name", "body", "campaign")
    list_select_related = ("body", "campaign")


@admin.register(m.Assignment)
class AssignmentAdmin(ScopedModelAdmin):
    list_display = ("expert", "enrolment", "assigned_at", "ended_at", "override_reason")
    list_select_related = ("expert__user", "enrolment__enterprise", "enrolment__campaign")


@admin.register(m.CertificationAudit)
class CertificationAuditAdmin(ScopedModelAdmin):
    list_display = ("enrolment", "body", "starts_on", "result")
    list_select_related = ("enrolment__enterprise", "enrolment__campaign", "body")


@admin.register(m.Visit)
class VisitAdmin(ScopedModelAdmin):
    list_display = ("enrolment", "expert", "kind", "visited_on")
    list_select_related = ("enrolment__enterprise", "enrolment__campaign", "expert__user")


@admin.register(m.Diagnosis)
class DiagnosisAdmin(ScopedModelAdmin):
    list_display = ("enrolment", "diagnosed_on")
    list_select_related = ("enrolment__enterprise", "enrolment__campaign")


@admin.register(m.Training)
class TrainingAdmin(ScopedModelAdmin):
    list_display = ("topic", "kind", "district", "held_on", "person_times")
    list_select_related = ("district",)
    list_filter = ("kind",)
