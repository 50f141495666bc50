from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("pairings/<int:pairing_id>/", views.pair, name="pair"),
]
