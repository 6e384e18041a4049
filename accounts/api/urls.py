from django.urls import path

from accounts.api import views

urlpatterns = [
    path("auth/token/", views.TokenLoginView.as_view(), name="token-login"),
    path("auth/logout/", views.TokenLogoutView.as_view(), name="token-logout"),
    path("auth/logoutall/", views.TokenLogoutAllView.as_view(), name="token-logoutall"),
]
