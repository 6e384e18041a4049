"""The enterprise's own pages and its outputs (included under /enterprises/ with app_name "enterprises")."""

from django.urls import path

from enterprises.views import outputs as views

urlpatterns = [
    # 附件二: the checklist — the enterprise's own, and any visible enrolment's.
    path("progress/", views.progress, name="progress"),
    path("enrolments/<int:pk>/progress/", views.enrolment_progress, name="enrolment-progress"),
    # R10: outcome figures; 《企业实施情况及成效总结》.
    path("enrolments/<int:pk>/outcome/", views.outcome_edit, name="outcome-edit"),
    path("enrolments/<int:pk>/summary/", views.summary_upload, name="summary-upload"),
    path("enrolments/<int:pk>/summary/download/", views.summary_download, name="summary-download"),
    # 附件二(四), 五(一): practice cases and their review.
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_create, name="case-create"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case-edit"),
    path("cases/<int:pk>/delete/", views.case_delete, name="case-delete"),
    path("cases/<int:pk>/submit/", views.case_submit, name="case-submit"),
    path("cases/<int:pk>/recommend/", views.case_recommend, name="case-recommend"),
    path("cases/<int:pk>/reviewers/", views.case_assign_reviewer, name="case-assign-reviewer"),
    path("cases/<int:pk>/score/", views.case_score, name="case-score"),
    path("cases/<int:pk>/decide/", views.case_decide, name="case-decide"),
    path("case-attachments/<int:pk>/", views.case_attachment_download, name="case-attachment-download"),
    # 五(二)2: complaints about a certification body.
    path("complaints/", views.complaint_list, name="complaint-list"),
    path("complaints/new/", views.complaint_create, name="complaint-create"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint-detail"),
    path("complaints/<int:pk>/forward/", views.complaint_forward, name="complaint-forward"),
    path("complaints/<int:pk>/respond/", views.complaint_respond, name="complaint-respond"),
    path("complaints/<int:pk>/close/", views.complaint_close, name="complaint-close"),
]
