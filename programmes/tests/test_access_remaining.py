"""Role tests for the POST-only and remaining URLs, each for every role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Attendance, Cohort, Event, Participant, ProgrammeRole, Resource

pytestmark = pytest.mark.django_db


def test_applying_to_a_cohort_is_for_its_organisations_staff_who_are_not_yet_in_it(world):
    url = reverse("programmes:express_interest", args=[world.cohort.pk])
    # Members without a place in the cohort may apply (302 to their application); everyone else gets 404.
    allowed = {
        role: None
        for role in ("org_admin", "lead", "co_lead", "other_programme_lead", "steering", "other_cohort_participant",
                     "other_programme_participant", "mentor", "mentee", "other_pair")
    }  # fmt: skip
    world.assert_only(url, allowed, method="post", data={"role": "mentor"})
    assert not Participant.objects.filter(user=world.users["other_org_admin"]).exists()
    assert not Participant.objects.filter(user=world.users["site_admin"]).exists()
    response = world.client_for("mentor").post(url, {"role": "mentee"}, follow=True)
    assert "already applied" in response.content.decode()
    Cohort.objects.filter(pk=world.cohort.pk).update(status="draft")
    assert world.client_for("steering").post(url, {"role": "mentor"}).status_code == 404


def test_only_the_invited_person_replies_to_an_event(world):
    event = Event.objects.create(cohort=world.cohort, kind="briefing", title="B", starts_at="2099-01-01T10:00Z")
    attendance = Attendance.objects.create(event=event, participant=world.objects["mentee"])
    url = reverse("programmes:event_reply", args=[attendance.pk])
    world.assert_only(url, {"mentee": None}, method="post", data={"reply": "yes"})
    attendance.refresh_from_db()
    assert attendance.reply == ""


def test_only_leads_delete_resources(world):
    resource = Resource.objects.create(programme=world.programme, title="Guide", url="https://example.org/")
    url = reverse("programmes:resource_delete", args=[resource.pk])
    world.assert_only(url, {"lead": None, "co_lead": None}, method="post")
    assert Resource.objects.filter(pk=resource.pk).exists()
    world.client_for("co_lead").post(url)
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_only_leads_change_the_programmes_people(world):
    url = reverse("programmes:programme_people", args=[world.programme.pk])
    world.assert_only(
        url,
        {"lead": None, "co_lead": None},
        method="post",
        data={"form": "person", "email": world.users["org_admin"].email, "role": "lead"},
    )
    assert not ProgrammeRole.objects.filter(user=world.users["org_admin"]).exists()


def test_the_resources_page_runs_the_same_queries_at_any_size(world):
    client = world.client_for("lead")
    url = reverse("programmes:resources", args=[world.programme.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(15):
        Resource.objects.create(programme=world.programme, title=f"Guide {n}", url="https://example.org/")
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large)
