from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    # --- programme leads
    path("cohorts/<int:cohort_id>/matching/", views.cohort_matching, name="cohort"),
    path("cohorts/<int:cohort_id>/matching/run/", views.run_create, name="run_create"),
    path("match-runs/<int:run_id>/manual-pair/", views.manual_pair, name="manual_pair"),
    path("match-runs/<int:run_id>/publish/", views.run_publish, name="run_publish"),
    path("proposed-pairs/<int:pair_id>/lock/", views.pair_lock, name="pair_lock"),
    path("proposed-pairs/<int:pair_id>/exclude/", views.pair_exclude, name="pair_exclude"),
    path("cohorts/<int:cohort_id>/pairings/", views.pairings, name="pairings"),
    path("pairings/<int:pairing_id>/end/", views.pairing_end, name="pairing_end"),
    # --- the pair (the pair page itself is meetings:pair)
    path("pairings/<int:pairing_id>/rapport/", views.rapport, name="rapport"),
    path("pairings/<int:pairing_id>/sign/", views.sign, name="sign"),
    path("pairings/<int:pairing_id>/concern/", views.concern, name="concern"),
    path(
        "pairings/<int:pairing_id>/end-without-fault/",
        views.pairing_end_without_fault,
        name="pairing_end_without_fault",
    ),
]
