from rest_framework.routers import SimpleRouter

from campaign.api import views

router = SimpleRouter()
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("member-units", views.MemberUnitViewSet, basename="member-unit")
router.register("kickoff-meetings", views.KickoffMeetingViewSet, basename="kickoff-meeting")

urlpatterns = router.urls
