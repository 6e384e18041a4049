from django.urls import path

from evaluation.views import scorecards

app_name = "evaluation"
urlpatterns = [
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
