"""The audit log: who saw, exported, erased or changed roles, with time and object, never values; append-only."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from privacy.models import AuditEvent
from privacy.tests.factories import MENTOR_SECRET, fill
from programmes.models import ProgrammeRole, RoleInvitation
from programmes.services.roles import role_invitation_accept

pytestmark = pytest.mark.django_db


def test_a_lead_viewing_what_a_mentor_shared_is_recorded_without_the_values(world):
    fill(world)
    mentor = world.objects["mentor"]
    client = world.client_for("lead")
    response = client.get(reverse("programmes:participant", args=[mentor.pk]))
    assert MENTOR_SECRET in response.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEWED_DISCLOSURES)
    assert (event.actor, event.target_user, event.programme) == (world.users["lead"], mentor.user, world.programme)
    assert event.detail == f"participant {mentor.pk}" and MENTOR_SECRET not in str(vars(event))


def test_nothing_is_recorded_when_there_is_nothing_disclosed(world):
    world.client_for("lead").get(reverse("programmes:participant", args=[world.objects["other_mentor"].pk]))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEWED_DISCLOSURES).exists()


def test_adding_and_removing_a_steering_member_is_recorded(world):
    client = world.client_for("lead")
    url = reverse("programmes:programme_people", args=[world.programme.pk])
    newcomer = world.users["other_cohort_participant"]
    client.post(url, {"form": "person", "email": newcomer.email, "role": "steering"})
    # The role is given when the invitation is accepted; the log names the lead who gave it.
    assert not AuditEvent.objects.exists()
    role_invitation_accept(invitation=RoleInvitation.objects.get(user=newcomer))
    role = ProgrammeRole.objects.get(user=newcomer, programme=world.programme)
    client.post(url, {"form": "remove", "role_id": role.pk})
    events = list(AuditEvent.objects.filter(target_user=newcomer).order_by("pk"))
    assert [(e.action, e.actor, e.programme, e.detail) for e in events] == [
        (AuditEvent.Action.ROLE_ADDED, world.users["lead"], world.programme, "role: steering"),
        (AuditEvent.Action.ROLE_REMOVED, world.users["lead"], world.programme, "role: steering"),
    ]


def test_naming_a_programmes_lead_when_creating_it_is_recorded_when_they_accept(world):
    client = world.client_for("org_admin")
    client.post(
        reverse("programmes:programme_create", args=[world.organisation.pk]),
        {"name": "Faith at Work", "focus": "", "description": "", "lead_email": world.users["steering"].email},
    )
    role_invitation_accept(invitation=RoleInvitation.objects.get(user=world.users["steering"]))
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_ADDED)
    assert event.actor == world.users["org_admin"] and event.target_user == world.users["steering"]
    assert event.programme.name == "Faith at Work"


def test_making_and_unmaking_an_organisation_administrator_is_recorded(world):
    client = world.client_for("org_admin")
    organisation = world.organisation
    target = world.users["steering"]
    client.post(reverse("programmes:admin_invite", args=[organisation.pk]), {"admin-email": target.email})
    role_invitation_accept(invitation=RoleInvitation.objects.get(user=target))
    client.post(reverse("programmes:admin_remove", args=[organisation.pk, target.pk]))
    events = list(AuditEvent.objects.filter(target_user=target).order_by("pk"))
    assert [(e.action, e.actor, e.detail) for e in events] == [
        (AuditEvent.Action.ORG_ADMIN_ADDED, world.users["org_admin"], f"organisation {organisation.pk}"),
        (AuditEvent.Action.ORG_ADMIN_REMOVED, world.users["org_admin"], f"organisation {organisation.pk}"),
    ]


def test_the_audit_log_cannot_be_changed_or_deleted_by_the_application(world):
    from accounts import audit

    audit.record(actor=world.users["lead"], action=audit.EXPORTED_DATA, target_user=world.users["lead"])
    event = AuditEvent.objects.get()
    event.detail = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(detail="tampered")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_itself_refuses_to_update_or_delete_an_audit_event(world):
    from accounts import audit

    audit.record(actor=world.users["lead"], action=audit.EXPORTED_DATA, target_user=world.users["lead"])
    for sql in ("UPDATE privacy_auditevent SET detail = 'tampered'", "DELETE FROM privacy_auditevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.get().detail == ""


def test_deleting_a_programme_leaves_its_audit_log_in_place(world):
    from accounts import audit

    audit.record(actor=world.users["lead"], action=audit.ROLE_ADDED, programme_id=world.programme.pk)
    world.objects["other_programme"].delete()
    world.programme.delete()
    assert AuditEvent.objects.count() == 1


def test_leads_read_their_programmes_audit_log_without_values(world):
    fill(world)
    from accounts import audit

    audit.record(
        actor=world.users["lead"],
        action=audit.VIEWED_DISCLOSURES,
        target_user=world.users["mentor"],
        programme_id=world.programme.pk,
        detail=f"participant {world.objects['mentor'].pk}",
    )
    audit.record(actor=world.users["other_programme_lead"], action=audit.ROLE_ADDED,
                 programme_id=world.objects["other_programme"].pk, detail="role: lead")  # fmt: skip
    page = world.client_for("co_lead").get(reverse("privacy:audit_log", args=[world.programme.pk]))
    text = page.content.decode()
    assert "Viewed what a person shared for matching" in text and str(world.users["mentor"]) in text
    assert MENTOR_SECRET not in text
    assert list(page.context["page"].object_list) == list(AuditEvent.objects.filter(programme=world.programme))


def test_the_audit_log_page_runs_the_same_queries_at_two_sizes(world):
    from django.test.utils import CaptureQueriesContext

    from accounts import audit

    client = world.client_for("lead")
    url = reverse("privacy:audit_log", args=[world.programme.pk])

    def add(n):
        for _ in range(n):
            audit.record(actor=world.users["lead"], action=audit.ROLE_ADDED, target_user=world.users["mentor"],
                         programme_id=world.programme.pk)  # fmt: skip

    add(2)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(20)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large)


def test_the_admin_shows_the_audit_log_read_only(world):
    client = world.client_for("site_admin")
    assert client.get(reverse("admin:privacy_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:privacy_auditevent_add")).status_code == 403


def test_a_lead_reviewing_match_proposals_is_recorded_because_explanations_name_shared_topics(client):
    from matching import services as matching_services
    from matching.algorithm import Weights
    from matching.tests.factories import matching_cohort

    setup = matching_cohort(2, 2)
    client.force_login(setup.lead)
    url = reverse("matching:cohort", args=[setup.cohort.pk])
    client.get(url)
    assert not AuditEvent.objects.exists(), "no run yet, so nothing shared was shown"
    run = matching_services.match_run_create(cohort=setup.cohort, user=setup.lead, weights=Weights())
    assert "Race" in client.get(url).content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEWED_DISCLOSURES)
    assert (event.actor, event.programme_id) == (setup.lead, setup.cohort.programme_id)
    assert event.detail == f"matching proposals, cohort {setup.cohort.pk}, run {run.pk}"
