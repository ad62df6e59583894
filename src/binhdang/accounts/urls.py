from django.contrib.auth import views as auth_views
from django.urls import path

from binhdang.accounts import signin, views

app_name = "accounts"
urlpatterns = [
    path("login/", signin.SignInView.as_view(), name="login"),
    path("login/code/", signin.login_code, name="login_code"),
    path("login/enrol/", signin.login_enrol, name="login_enrol"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("security/", views.security, name="security"),
    path("security/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("security/two-factor/", views.two_factor_enrol, name="two_factor_enrol"),
    path("security/two-factor/off/", views.two_factor_disable, name="two_factor_disable"),
    path("security/backup-codes/", views.backup_codes, name="backup_codes"),
    path("security/api-token/", views.api_token, name="api_token"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_edit, name="user_create"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
]
