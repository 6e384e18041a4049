from django.urls import path

from campaign import views

app_name = "campaign"
urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign-edit"),
    path("campaigns/<int:pk>/clone/", views.campaign_clone, name="campaign-clone"),
    path("campaigns/<int:pk>/reopen/", views.campaign_reopen, name="campaign-reopen"),
    path("campaigns/<int:campaign_pk>/kickoff/new/", views.kickoff_create, name="kickoff-create"),
    path("phases/<int:pk>/edit/", views.phase_edit, name="phase-edit"),
    path("deadlines/<int:pk>/edit/", views.deadline_edit, name="deadline-edit"),
    path("member-units/", views.member_unit_list, name="member-unit-list"),
    path("kickoffs/", views.kickoff_list, name="kickoff-list"),
    path("kickoffs/<int:pk>/", views.kickoff_detail, name="kickoff-detail"),
    path("kickoffs/<int:pk>/edit/", views.kickoff_edit, name="kickoff-edit"),
    path("kickoffs/<int:pk>/minutes/", views.kickoff_minutes, name="kickoff-minutes"),
]
