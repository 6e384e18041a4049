from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.PortalLoginView.as_view(), name="login"),
    path("logout/", views.PortalLogoutView.as_view(), name="logout"),
    # Django's password reset, also the target of an expert's invitation (accounts:password-reset-confirm).
    path("password-reset/", views.PortalPasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PortalPasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PortalPasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password-reset/done/", views.PortalPasswordResetCompleteView.as_view(), name="password-reset-complete"),
]
