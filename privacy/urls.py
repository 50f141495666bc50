from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download/", views.my_data_download, name="my_data_download"),
    path("my-data/erase/", views.erase, name="erase"),
    path("erased/", views.erased, name="erased"),
    path("participants/<int:participant_id>/erase/", views.lead_erase, name="lead_erase"),
    path("programmes/<int:programme_id>/audit-log/", views.audit_log, name="audit_log"),
    path("privacy-notice/<int:organisation_id>/", views.notice, name="notice"),
]
