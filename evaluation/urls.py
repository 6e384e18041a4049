from django.urls import path

from evaluation.views import midterm, scorecards

app_name = "evaluation"
urlpatterns = [
    path("midterm/", midterm.midterm, name="midterm"),
    path("campaigns/<int:campaign_pk>/midterm/snapshots/new/", midterm.snapshot_take, name="snapshot-take"),
    path("snapshots/<int:pk>/", midterm.snapshot_detail, name="snapshot-detail"),
    path("campaigns/<int:campaign_pk>/midterm/meeting/new/", midterm.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", midterm.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", midterm.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/minutes/", midterm.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/next-steps/new/", midterm.next_step_create, name="next-step-create"),
    path("next-steps/", midterm.next_step_list, name="next-step-list"),
    path("next-steps/<int:pk>/edit/", midterm.next_step_edit, name="next-step-edit"),
    path("next-steps/<int:pk>/done/", midterm.next_step_done, name="next-step-done"),
    # 五(二)1–2: certification-body scorecards and the regulator's assessment; 五(二)2: district scorecards.
    path("body-scorecards/", scorecards.body_scorecard_list, name="body-scorecard-list"),
    path(
        "campaigns/<int:campaign_pk>/body-scorecards/<int:body_pk>/",
        scorecards.body_scorecard_detail,
        name="body-scorecard-detail",
    ),
    path(
        "campaigns/<int:campaign_pk>/body-scorecards/<int:body_pk>/assess/",
        scorecards.body_assessment_save,
        name="body-assessment-save",
    ),
    path("body-assessments/<int:pk>/answer/", scorecards.body_assessment_answer, name="body-assessment-answer"),
    path("district-scorecards/", scorecards.district_scorecard_list, name="district-scorecard-list"),
]
