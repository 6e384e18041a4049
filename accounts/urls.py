from django.contrib.auth.decorators import login_not_required
from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.PortalLoginView.as_view(), name="login"),
    path("logout/", views.PortalLogoutView.as_view(), name="logout"),
    # The set-password link of an expert's invitation (Django's password-reset token machinery).
    path(
        "reset/<uidb64>/<token>/",
        login_not_required(views.PortalPasswordResetConfirmView.as_view()),
        name="password-reset-confirm",
    ),
    path(
        "reset/done/",
        login_not_required(views.PortalPasswordResetCompleteView.as_view()),
        name="password-reset-complete",
    ),
]
