from rest_framework.routers import SimpleRouter

from reporting.api.reports import ReportJobViewSet

router = SimpleRouter()
router.register("reports", ReportJobViewSet, basename="report")

urlpatterns = router.urls
