from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from remento import views

# The Django admin signs people in through allauth (rate limits, one login page).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Remento site administration"
admin.site.site_title = "Remento"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("notifications.urls")),
    path("", include("programmes.urls")),
    path("", include("matching.urls")),
    path("", include("meetings.urls")),
    path("", include("evaluation.urls")),
    path("", include("privacy.urls")),
]
