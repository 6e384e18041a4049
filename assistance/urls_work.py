"""The expert's work pages (included under /assistance/ with app_name "assistance")."""

from django.urls import path, re_path

from assistance.views import work as views

urlpatterns = [
    path("work/", views.work_list, name="work-list"),
    path("work/enrolments/<int:pk>/", views.work_enrolment, name="work-enrolment"),
    path("work/enrolments/<int:pk>/advance/", views.work_advance, name="work-advance"),
    path("work/enrolments/<int:pk>/visits/new/", views.visit_create, name="visit-create"),
    path("work/enrolments/<int:pk>/diagnosis/", views.diagnosis_edit, name="diagnosis-edit"),
    path("work/enrolments/<int:pk>/problems/new/", views.problem_create, name="problem-create"),
    path("work/enrolments/<int:pk>/plan/", views.plan_edit, name="plan-edit"),
    path("work/enrolments/<int:pk>/documents/new/", views.document_create, name="document-create"),
    path("work/enrolments/<int:pk>/operation/", views.operation_start, name="operation-start"),
    path("work/enrolments/<int:pk>/internal-audits/new/", views.internal_audit_create, name="internal-audit-create"),
    path(
        "work/enrolments/<int:pk>/management-reviews/new/",
        views.management_review_create,
        name="management-review-create",
    ),
    path("work/visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("work/visit-files/<int:pk>/", views.visit_file, name="visit-file"),
    path("work/problems/<int:pk>/edit/", views.problem_edit, name="problem-edit"),
    path("work/problems/<int:pk>/status/", views.problem_status, name="problem-status"),
    path("work/documents/<int:pk>/file/", views.document_file, name="document-file"),
    re_path(
        r"^work/internal-audits/(?P<pk>[0-9]+)/(?P<which>plan|report)/$",
        views.internal_audit_file,
        name="internal-audit-file",
    ),
    re_path(
        r"^work/management-reviews/(?P<pk>[0-9]+)/(?P<which>plan|report)/$",
        views.management_review_file,
        name="management-review-file",
    ),
    path("trainings/", views.training_list, name="training-list"),
    path("trainings/new/", views.training_create, name="training-create"),
    path("trainings/compliance/", views.training_compliance, name="training-compliance"),
    path("trainings/<int:pk>/", views.training_detail, name="training-detail"),
    path("trainings/<int:pk>/materials/", views.training_materials, name="training-materials"),
]
