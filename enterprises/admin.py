from django.contrib import admin

from enterprises import models as m
from portal.admin import ScopedModelAdmin


@admin.register(m.Enterprise)
class EnterpriseAdmin(ScopedModelAdmin):
    list_display = ("name", "credit_code", "district", "cluster", "size_class")
    list_select_related = ("district",)
    list_filter = ("cluster", "size_class", "is_foreign_trade", "is_specialised")
    search_fields = ("name", "credit_code")


@admin.register(m.Certificate)
class CertificateAdmin(ScopedModelAdmin):
    list_display = ("number", "enterprise", "issuing_body", "expires_on", "next_audit_on")
    list_select_related = ("enterprise",)


@admin.register(m.Enrolment)
class EnrolmentAdmin(ScopedModelAdmin):
    list_display = ("enterprise", "campaign", "state", "nominated_at")
    list_select_related = ("enterprise", "campaign")
    list_filter = ("state",)


@admin.register(m.Screening)
class ScreeningAdmin(ScopedModelAdmin):
    list_display = ("enrolment", "passed", "checked_on", "checked_by")
    list_select_related = ("enrolment__enterprise", "enrolment__campaign", "checked_by")


@admin.register(m.OutcomeFigures)
class OutcomeFiguresAdmin(ScopedModelAdmin):
    list_display = ("enrolment", "updated_at")
    list_select_related = ("enrolment__enterprise", "enrolment__campaign")


@admin.register(m.ImplementationSummary)
class ImplementationSummaryAdmin(ScopedModelAdmin):
    list_display = ("enrolment", "original_name", "uploaded_at")
    list_select_related = ("enrolment__enterprise", "enrolment__campaign")
    exclude = ("file",)


@admin.register(m.Case)
class CaseAdmin(ScopedModelAdmin):
    list_display = ("title", "enrolment", "state", "submitted_at")
    list_select_related = ("enrolment__enterprise", "enrolment__campaign")
    list_filter = ("state",)


@admin.register(m.CaseReview)
class CaseReviewAdmin(ScopedModelAdmin):
    list_display = ("case", "reviewer", "score", "scored_at")
    list_select_related = ("case", "reviewer")


@admin.register(m.ReviewerProfile)
class ReviewerProfileAdmin(ScopedModelAdmin):
    list_display = ("user", "affiliated_body")
    list_select_related = ("user", "affiliated_body")


@admin.register(m.Complaint)
class ComplaintAdmin(ScopedModelAdmin):
    list_display = ("subject", "enterprise", "body", "state", "outcome", "submitted_at")
    list_select_related = ("enterprise", "body")
    list_filter = ("state", "outcome")
