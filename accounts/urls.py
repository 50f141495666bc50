from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/name/", views.name_prompt, name="name"),
    path("account/confirm-by-code/", views.reauthenticate_by_code, name="reauthenticate_code"),
]
