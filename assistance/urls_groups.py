"""Pages of the groups slice: bodies, experts, working groups, assignments, exceptions, certification audits."""

from django.urls import path

from assistance.views import groups as views

urlpatterns = [
    path("bodies/", views.body_list, name="body-list"),
    path("bodies/<int:pk>/", views.body_detail, name="body-detail"),
    path("experts/", views.expert_list, name="expert-list"),
    path("experts/new/", views.expert_create, name="expert-create"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert-edit"),
    path("groups/", views.group_list, name="group-list"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/<int:pk>/", views.group_detail, name="group-detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group-edit"),
    path("assignments/", views.assignment_list, name="assignment-list"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment-end"),
    path("enrolments/<int:pk>/assign/", views.enrolment_assign, name="enrolment-assign"),
    path("overrides/", views.override_list, name="override-list"),
    path("audits/", views.audit_list, name="audit-list"),
    path("audits/<int:pk>/", views.audit_detail, name="audit-detail"),
    path("audits/<int:pk>/decide/", views.audit_decide, name="audit-decide"),
    path("enrolments/<int:pk>/audits/new/", views.audit_create, name="audit-create"),
]
