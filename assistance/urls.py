"""The assistance pages (included under /assistance/ with app_name "assistance"), grouped by noun."""

from django.urls import path, re_path

from assistance.views import (
    assignments,
    audits,
    bodies,
    diagnosis,
    documents,
    enrolments,
    experts,
    groups,
    operation,
    plans,
    trainings,
    visits,
)

app_name = "assistance"
urlpatterns = [
    path("bodies/", bodies.body_list, name="body-list"),
    path("bodies/<int:pk>/", bodies.body_detail, name="body-detail"),
    path("experts/", experts.expert_list, name="expert-list"),
    path("experts/new/", experts.expert_create, name="expert-create"),
    path("experts/<int:pk>/edit/", experts.expert_edit, name="expert-edit"),
    path("groups/", groups.group_list, name="group-list"),
    path("groups/new/", groups.group_create, name="group-create"),
    path("groups/<int:pk>/", groups.group_detail, name="group-detail"),
    path("groups/<int:pk>/edit/", groups.group_edit, name="group-edit"),
    path("assignments/", assignments.assignment_list, name="assignment-list"),
    path("assignments/<int:pk>/end/", assignments.assignment_end, name="assignment-end"),
    path("enrolments/<int:pk>/assign/", assignments.enrolment_assign, name="enrolment-assign"),
    path("overrides/", assignments.override_list, name="override-list"),
    path("audits/", audits.audit_list, name="audit-list"),
    path("audits/<int:pk>/", audits.audit_detail, name="audit-detail"),
    path("audits/<int:pk>/decide/", audits.audit_decide, name="audit-decide"),
    path("enrolments/<int:pk>/audits/new/", audits.audit_create, name="audit-create"),
    path("work/", enrolments.work_list, name="work-list"),
    path("work/enrolments/<int:pk>/", enrolments.work_enrolment, name="work-enrolment"),
    path("work/enrolments/<int:pk>/advance/", enrolments.work_advance, name="work-advance"),
    path("work/enrolments/<int:pk>/visits/new/", visits.visit_create, name="visit-create"),
    path("work/enrolments/<int:pk>/diagnosis/", diagnosis.diagnosis_edit, name="diagnosis-edit"),
    path("work/enrolments/<int:pk>/problems/new/", diagnosis.problem_create, name="problem-create"),
    path("work/enrolments/<int:pk>/plan/", plans.plan_edit, name="plan-edit"),
    path("work/enrolments/<int:pk>/documents/new/", documents.document_create, name="document-create"),
    path("work/enrolments/<int:pk>/operation/", operation.operation_start, name="operation-start"),
    path(
        "work/enrolments/<int:pk>/internal-audits/new/", operation.internal_audit_create, name="internal-audit-create"
    ),
    path(
        "work/enrolments/<int:pk>/management-reviews/new/",
        operation.management_review_create,
        name="management-review-create",
    ),
    path("work/visits/<int:pk>/", visits.visit_detail, name="visit-detail"),
    path("work/visit-files/<int:pk>/", visits.visit_file, name="visit-file"),
    path("work/problems/<int:pk>/edit/", diagnosis.problem_edit, name="problem-edit"),
    path("work/problems/<int:pk>/status/", diagnosis.problem_status, name="problem-status"),
    path("work/documents/<int:pk>/file/", documents.document_file, name="document-file"),
    re_path(
        r"^work/internal-audits/(?P<pk>[0-9]+)/(?P<which>plan|report)/$",
        operation.internal_audit_file,
        name="internal-audit-file",
    ),
    re_path(
        r"^work/management-reviews/(?P<pk>[0-9]+)/(?P<which>plan|report)/$",
        operation.management_review_file,
        name="management-review-file",
    ),
    path("trainings/", trainings.training_list, name="training-list"),
    path("trainings/new/", trainings.training_create, name="training-create"),
    path("trainings/compliance/", trainings.training_compliance, name="training-compliance"),
    path("trainings/<int:pk>/", trainings.training_detail, name="training-detail"),
    path("trainings/<int:pk>/materials/", trainings.training_materials, name="training-materials"),
]
