from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    # --- the pair's space: partners only
    path("pairings/<int:pairing_id>/", views.pair, name="pair"),
    path("pairings/<int:pairing_id>/meetings/", views.meeting_log, name="meeting_log"),
    path("pairings/<int:pairing_id>/actions/", views.action_add, name="action_add"),
    path("pairings/<int:pairing_id>/next-meeting/", views.schedule, name="schedule"),
    path("meetings/<int:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/confirm/", views.meeting_confirm, name="meeting_confirm"),
    path("meetings/<int:meeting_id>/reflection/", views.reflection, name="reflection"),
    path("actions/<int:action_id>/", views.action, name="action"),
    path("next-meetings/<int:scheduled_id>/cancel/", views.next_meeting_cancel, name="next_meeting_cancel"),
    path("next-meetings/<int:scheduled_id>/meeting.ics", views.next_meeting_ics, name="next_meeting_ics"),
    # --- programme leads: counts and flags, never content
    path("cohorts/<int:cohort_id>/meetings/", views.monitoring, name="monitoring"),
    path("programmes/<int:programme_id>/outcomes/", views.outcomes, name="outcomes"),
]
