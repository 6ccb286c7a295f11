from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import LogInForm, NewPasswordForm, PasswordResetRequestForm

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("api-tokens/<int:pk>/revoke/", views.revoke_api_token, name="revoke_api_token"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="portal/accounts/login.html", authentication_form=LogInForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="portal/accounts/password_reset.html",
            # The e-mail is written by a background task (accounts/tasks.py), not by this view.
            form_class=PasswordResetRequestForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="portal/accounts/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="portal/accounts/password_reset_confirm.html",
            form_class=NewPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="portal/accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
