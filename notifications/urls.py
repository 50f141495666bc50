from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("account/emails/", views.email_preferences, name="preferences"),
]
