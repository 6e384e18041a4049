"""The enterprises app's pages (included under /enterprises/ with app_name "enterprises"), grouped by noun."""

from django.urls import path

from enterprises.views import (
    cases,
    complaints,
    enrolments,
    enterprises,
    outcomes,
    progress,
    roster,
    rubrics,
    screening,
    summaries,
)

app_name = "enterprises"
urlpatterns = [
    path("", enterprises.enterprise_list, name="enterprise-list"),
    path("export/", enterprises.enterprise_export, name="enterprise-export"),
    path("new/", enterprises.enterprise_create, name="enterprise-create"),
    path("<int:pk>/", enterprises.enterprise_detail, name="enterprise-detail"),
    path("<int:pk>/edit/", enterprises.enterprise_edit, name="enterprise-edit"),
    path("<int:pk>/nominate/", enrolments.enrolment_nominate, name="enrolment-nominate"),
    # R12: the ISO 9001 certificates and their next audit.
    path("<int:pk>/certificates/new/", enterprises.certificate_create, name="certificate-create"),
    path("certificates/<int:pk>/edit/", enterprises.certificate_edit, name="certificate-edit"),
    path("certificates/<int:pk>/delete/", enterprises.certificate_delete, name="certificate-delete"),
    # DESIGN.md §5: enrolments, R1 screening, transitions.
    path("enrolments/", enrolments.enrolment_list, name="enrolment-list"),
    path("enrolments/export/", enrolments.enrolment_export, name="enrolment-export"),
    path("enrolments/<int:pk>/", enrolments.enrolment_detail, name="enrolment-detail"),
    path("enrolments/<int:pk>/transition/", enrolments.enrolment_transition, name="enrolment-transition"),
    path("enrolments/<int:pk>/screening/", screening.screening_edit, name="screening-edit"),
    path("screenings/<int:pk>/evidence/", screening.screening_evidence_add, name="screening-evidence-add"),
    path("screening-evidence/<int:pk>/", screening.screening_evidence_download, name="screening-evidence"),
    # 附件二(一): the roster import.
    path("roster/", roster.roster_upload, name="roster-upload"),
    path("roster/template/", roster.roster_template, name="roster-template"),
    path("roster/<int:pk>/", roster.roster_detail, name="roster-detail"),
    path("roster/<int:pk>/progress/", roster.roster_progress, name="roster-progress"),
    # 附件二: the checklist — the enterprise's own, and any visible enrolment's.
    path("progress/", progress.progress, name="progress"),
    path("enrolments/<int:pk>/progress/", progress.enrolment_progress, name="enrolment-progress"),
    # R10: outcome figures; 《企业实施情况及成效总结》.
    path("enrolments/<int:pk>/outcome/", outcomes.outcome_edit, name="outcome-edit"),
    path("enrolments/<int:pk>/outcome/correct/", outcomes.outcome_correct, name="outcome-correct"),
    path("enrolments/<int:pk>/summary/", summaries.summary_upload, name="summary-upload"),
    path("enrolments/<int:pk>/summary/download/", summaries.summary_download, name="summary-download"),
    # 附件二(四), 五(一): practice cases and their review.
    path("cases/", cases.case_list, name="case-list"),
    path("cases/new/", cases.case_create, name="case-create"),
    path("cases/to-score/", cases.case_to_score, name="case-to-score"),
    path("cases/<int:pk>/", cases.case_detail, name="case-detail"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="case-edit"),
    path("cases/<int:pk>/delete/", cases.case_delete, name="case-delete"),
    path("cases/<int:pk>/submit/", cases.case_submit, name="case-submit"),
    path("cases/<int:pk>/recommend/", cases.case_recommend, name="case-recommend"),
    path("cases/<int:pk>/return/", cases.case_return, name="case-return"),
    path("cases/<int:pk>/reviewers/", cases.case_assign_reviewer, name="case-assign-reviewer"),
    path("cases/<int:pk>/score/", cases.case_score, name="case-score"),
    path("cases/<int:pk>/decide/", cases.case_decide, name="case-decide"),
    path("case-attachments/<int:pk>/", cases.case_attachment_download, name="case-attachment-download"),
    # 五(一) 组织专家评选优秀案例: the rubric, the ranking, reversing a selection, the published list.
    path("rubrics/", rubrics.rubric_list, name="rubric-list"),
    path("rubrics/new/", rubrics.rubric_create, name="rubric-create"),
    path("rubrics/<int:pk>/", rubrics.rubric_detail, name="rubric-detail"),
    path("rubrics/<int:pk>/edit/", rubrics.rubric_edit, name="rubric-edit"),
    path("rubrics/<int:pk>/open/", rubrics.rubric_open, name="rubric-open"),
    path("rubrics/<int:pk>/close/", rubrics.rubric_close, name="rubric-close"),
    path("rubrics/<int:pk>/ranking/", rubrics.rubric_ranking, name="rubric-ranking"),
    path("rubrics/<int:pk>/publish/", rubrics.rubric_publish, name="rubric-publish"),
    path("cases/<int:pk>/reverse-selection/", rubrics.case_reverse_selection, name="case-reverse-selection"),
    path("published-cases/", rubrics.published_case_list, name="published-case-list"),
    path("published-cases/<int:pk>/", rubrics.published_case_detail, name="published-case-detail"),
    # 五(二)2: complaints about a certification body.
    path("complaints/", complaints.complaint_list, name="complaint-list"),
    path("complaints/new/", complaints.complaint_create, name="complaint-create"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint-detail"),
    path("complaints/<int:pk>/forward/", complaints.complaint_forward, name="complaint-forward"),
    path("complaints/<int:pk>/respond/", complaints.complaint_respond, name="complaint-respond"),
    path("complaints/<int:pk>/close/", complaints.complaint_close, name="complaint-close"),
]
