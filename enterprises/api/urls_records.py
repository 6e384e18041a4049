from rest_framework.routers import SimpleRouter

from enterprises.api import records as views

router = SimpleRouter()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("certificates", views.CertificateViewSet, basename="certificate")
router.register("enrolments", views.EnrolmentViewSet, basename="enrolment")
router.register("screenings", views.ScreeningViewSet, basename="screening")

urlpatterns = router.urls
