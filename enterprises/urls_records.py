"""Enterprise records, certificates, enrolments and the roster import (included under /enterprises/ with app_name
"enterprises")."""

from django.urls import path

from enterprises.views import records as views

urlpatterns = [
    path("", views.enterprise_list, name="enterprise-list"),
    path("export/", views.enterprise_export, name="enterprise-export"),
    path("new/", views.enterprise_create, name="enterprise-create"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise-detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="enterprise-edit"),
    path("<int:pk>/nominate/", views.enrolment_nominate, name="enrolment-nominate"),
    # R12: the ISO 9001 certificates and their next audit.
    path("<int:pk>/certificates/new/", views.certificate_create, name="certificate-create"),
    path("certificates/<int:pk>/edit/", views.certificate_edit, name="certificate-edit"),
    path("certificates/<int:pk>/delete/", views.certificate_delete, name="certificate-delete"),
    # DESIGN.md §5: enrolments, R1 screening, transitions.
    path("enrolments/", views.enrolment_list, name="enrolment-list"),
    path("enrolments/export/", views.enrolment_export, name="enrolment-export"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment-detail"),
    path("enrolments/<int:pk>/transition/", views.enrolment_transition, name="enrolment-transition"),
    path("enrolments/<int:pk>/screening/", views.screening_edit, name="screening-edit"),
    path("screenings/<int:pk>/evidence/", views.screening_evidence_add, name="screening-evidence-add"),
    path("screening-evidence/<int:pk>/", views.screening_evidence_download, name="screening-evidence"),
    # 附件二(一): the roster import.
    path("roster/", views.roster_upload, name="roster-upload"),
    path("roster/template/", views.roster_template, name="roster-template"),
    path("roster/<int:pk>/", views.roster_detail, name="roster-detail"),
    path("roster/<int:pk>/progress/", views.roster_progress, name="roster-progress"),
]
