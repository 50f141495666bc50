import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Attendance, Event, Participant, Resource
from programmes.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
LEADS = {"lead": 200, "co_lead": 200}


@pytest.fixture
def training(world):
    event = Event.objects.create(
        cohort=world.cohort, kind="training", title="Mentoring skills", starts_at="2099-03-01T10:00Z",
        audience="mentors", notes="Two mentors worried about time away from shifts.",
    )  # fmt: skip
    from programmes.services.events import events_invite_audience

    events_invite_audience(events=Event.objects.filter(pk=event.pk))
    return event


def event_data(**overrides):
    return {
        "kind": "briefing",
        "title": "Launch briefing",
        "starts_at": "2099-02-01T10:00",
        "audience": "all",
        **overrides,
    }


def test_only_leads_manage_events_and_resources(world, training):
    world.assert_only(reverse("programmes:events", args=[world.cohort.pk]), LEADS)
    world.assert_only(reverse("programmes:event", args=[training.pk]), LEADS)
    world.assert_only(reverse("programmes:resources", args=[world.programme.pk]), LEADS)
    world.assert_only(
        reverse("programmes:events", args=[world.cohort.pk]), {"lead": None, "co_lead": None}, "post", event_data()
    )
    world.assert_only(
        reverse("programmes:event", args=[training.pk]),
        {"lead": None, "co_lead": None},
        "post",
        {"attendance": "1", "attended": list(training.attendances.values_list("pk", flat=True))},
    )
    assert not Event.objects.filter(title="Launch briefing").exists()
    assert not Attendance.objects.filter(attended=True).exists()


def test_a_new_event_invites_its_audience_only(world):
    world.client_for("lead").post(reverse("programmes:events", args=[world.cohort.pk]), event_data(audience="mentees"))
    event = Event.objects.get(title="Launch briefing")
    mentees = {world.objects["mentee"].pk, world.objects["other_pair"].pk}
    assert set(event.attendances.values_list("participant", flat=True)) == mentees


def test_an_event_that_ends_before_it_starts_is_explained(world):
    response = world.client_for("lead").post(
        reverse("programmes:events", args=[world.cohort.pk]), event_data(ends_at="2099-01-01T10:00")
    )
    assert "must end after it starts" in response.content.decode()


def test_a_lead_marks_attendance_which_feeds_the_roster(world, training):
    mentor = world.objects["mentor"]
    mine = training.attendances.get(participant=mentor)
    outsider = Attendance.objects.create(
        event=Event.objects.create(
            cohort=world.objects["other_cohort"], kind="training", title="X", starts_at="2099-01-01T10:00Z"
        ),
        participant=world.objects["other_cohort_participant"],
    )
    client = world.client_for("lead")
    response = client.post(
        reverse("programmes:event", args=[training.pk]), {"attendance": "1", "attended": [mine.pk, outsider.pk]}
    )
    assert response.status_code == 200  # a foreign id is refused as a whole
    client.post(reverse("programmes:event", args=[training.pk]), {"attendance": "1", "attended": [mine.pk]})
    outsider.refresh_from_db()
    assert outsider.attended is None
    roster = client.get(reverse("programmes:cohort", args=[world.cohort.pk])).context["participants"]
    assert {p["pk"]: p["training_attended"] for p in roster}[mentor.pk] is True


def test_peer_support_notes_are_for_leads_only(world, training):
    assert (
        "worried about time"
        in world.client_for("lead").get(reverse("programmes:event", args=[training.pk])).content.decode()
    )
    for role in ("mentor", "steering", "org_admin"):
        page = world.client_for(role).get(reverse("programmes:my_programme")).content.decode()
        assert "worried about time" not in page


def test_a_participant_replies_to_their_own_invitation_only(world, training):
    mine = training.attendances.get(participant=world.objects["mentor"])
    client = world.client_for("mentor")
    client.post(reverse("programmes:event_reply", args=[mine.pk]), {"reply": "yes"})
    mine.refresh_from_db()
    assert mine.reply == "yes"
    response = world.client_for("mentee").post(reverse("programmes:event_reply", args=[mine.pk]), {"reply": "no"})
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.reply == "yes"


def test_a_resource_file_of_the_wrong_type_or_size_is_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = world.client_for("lead")
    url = reverse("programmes:resources", args=[world.programme.pk])
    response = client.post(url, {"title": "Script", "audience": "all", "file": SimpleUploadedFile("run.exe", b"MZ")})
    assert "Upload a PDF, Word" in response.content.decode()
    response = client.post(url, {"title": "Nothing", "audience": "all"})
    assert "Give a link or upload a file." in response.content.decode()
    assert not Resource.objects.exists()


def test_resource_files_go_only_to_the_people_they_are_for(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world.client_for("lead").post(
        reverse("programmes:resources", args=[world.programme.pk]),
        {"title": "Mentor handbook", "audience": "mentors", "file": SimpleUploadedFile("handbook.pdf", b"%PDF-1.4 hi")},
    )
    resource = Resource.objects.get()
    url = reverse("programmes:resource_file", args=[resource.pk])
    # Resources belong to the programme: a mentor of its other cohort may read them too; mentees may not.
    world.assert_only(url, {"lead": 200, "co_lead": 200, "mentor": 200, "other_cohort_participant": 200})
    assert b"".join(world.client_for("mentor").get(url).streaming_content) == b"%PDF-1.4 hi"


def _count(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_event_pages_run_the_same_queries_at_any_size(world, training):
    client = world.client_for("lead")
    urls = [reverse("programmes:events", args=[world.cohort.pk]), reverse("programmes:event", args=[training.pk])]
    small = [_count(client, url) for url in urls]
    from programmes.services.events import participants_join_events

    for _ in range(20):
        ParticipantFactory(cohort=world.cohort, role=Participant.Role.MENTOR)
    participants_join_events(participants=world.cohort.participants.all())
    Event.objects.create(cohort=world.cohort, kind="briefing", title="Another", starts_at="2099-04-01T10:00Z")
    large = [_count(client, url) for url in urls]
    assert small == large
