from django.urls import path

from programmes.views import events, leads, organisation, participant, roles

app_name = "programmes"

urlpatterns = [
    # --- organisation administrators (views/organisation.py)
    path("organisations/<int:organisation_id>/", organisation.organisation_settings, name="organisation"),
    path("organisations/<int:organisation_id>/grades/", organisation.ladder_add, name="ladder_add"),
    path("organisations/<int:organisation_id>/privacy/", organisation.privacy_update, name="privacy_update"),
    path("organisations/<int:organisation_id>/programmes/", organisation.programme_create, name="programme_create"),
    # --- roles by invitation (views/roles.py); before item_add, whose <kind> would match these
    path("organisations/<int:organisation_id>/administrators/", roles.admin_invite, name="admin_invite"),
    path(
        "organisations/<int:organisation_id>/administrators/<int:user_id>/remove/",
        roles.admin_remove,
        name="admin_remove",
    ),
    path("organisations/<int:organisation_id>/leads/", roles.lead_invite, name="lead_invite"),
    path(
        "role-invitations/<int:invitation_id>/withdraw/",
        roles.role_invitation_withdraw,
        name="role_invitation_withdraw",
    ),
    path("welcome/<str:token>/", roles.role_invitation, name="role_invitation"),
    path("organisations/<int:organisation_id>/<str:kind>/", organisation.item_add, name="item_add"),
    path(
        "organisations/<int:organisation_id>/<str:kind>/<int:item_id>/rename/",
        organisation.item_rename,
        name="item_rename",
    ),
    path(
        "organisations/<int:organisation_id>/<str:kind>/<int:item_id>/delete/",
        organisation.item_delete,
        name="item_delete",
    ),
    # --- programme leads: programmes, cohorts, roster (views/leads.py)
    path("programmes/<int:programme_id>/", leads.programme_overview, name="programme"),
    path("programmes/<int:programme_id>/settings/", leads.programme_settings, name="programme_settings"),
    path("programmes/<int:programme_id>/people/", leads.programme_people, name="programme_people"),
    path("programmes/<int:programme_id>/cohorts/new/", leads.cohort_create, name="cohort_create"),
    path("cohorts/<int:cohort_id>/", leads.cohort_roster, name="cohort"),
    path("cohorts/<int:cohort_id>/settings/", leads.cohort_settings, name="cohort_settings"),
    path("cohorts/<int:cohort_id>/advance/", leads.cohort_advance, name="cohort_advance"),
    path("cohorts/<int:cohort_id>/next-steps/", leads.cohort_next_steps, name="cohort_next_steps"),
    path("cohorts/<int:cohort_id>/invite/", leads.invite, name="invite"),
    path("cohorts/<int:cohort_id>/continue/", leads.cohort_continue, name="cohort_continue"),
    path("applications/<int:participant_id>/continue/", leads.participant_continue, name="participant_continue"),
    path("participants/<int:participant_id>/", leads.participant_detail, name="participant"),
    # --- recruitment, invitations, applications (views/participant.py)
    path("join/", participant.open_recruitment, name="recruitment"),
    path("join/<int:cohort_id>/", participant.express_interest, name="express_interest"),
    path("applications/<int:participant_id>/", participant.apply, name="apply"),
    path("applications/<int:participant_id>/sharing/", participant.disclosures, name="disclosures"),
    path("applications/<int:participant_id>/sharing/withdraw/", participant.withdraw_consent, name="withdraw_consent"),
    # --- events, resources and the participant's home (views/events.py)
    path("my-programme/", events.my_programme, name="my_programme"),
    path("cohorts/<int:cohort_id>/events/", events.events, name="events"),
    path("events/<int:event_id>/", events.event_detail, name="event"),
    path("invitations/<int:attendance_id>/reply/", events.event_reply, name="event_reply"),
    path("programmes/<int:programme_id>/resources/", events.resources, name="resources"),
    path("resources/<int:resource_id>/delete/", events.resource_delete, name="resource_delete"),
    path("resources/<int:resource_id>/file/", events.resource_file, name="resource_file"),
]
