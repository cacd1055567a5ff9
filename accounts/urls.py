from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("tokens/", views.tokens, name="tokens"),
    path("two-factor/", views.totp_setup, name="totp_setup"),
    path("two-factor/verify/", views.totp_verify, name="totp_verify"),
]
