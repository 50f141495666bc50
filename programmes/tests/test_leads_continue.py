import pytest
from django.urls import reverse

from programmes.models import Attendance, Cohort, Event, Participant
from programmes.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(world):
    Cohort.objects.filter(pk=world.cohort.pk).update(status=Cohort.Status.CLOSED, next_steps="continue")
    world.cohort.refresh_from_db()
    return world.cohort


def test_only_leads_start_the_next_cohort_and_only_from_a_closed_one(world, closed):
    url = reverse("programmes:cohort_continue", args=[closed.pk])
    world.assert_only(url, {"lead": 200, "co_lead": 200})
    world.assert_only(url, {"lead": None, "co_lead": None}, method="post", data={"name": "Sneaky"})
    assert not Cohort.objects.filter(name="Sneaky").exists()
    open_cohort = world.objects["other_cohort"]
    assert world.client_for("lead").get(reverse("programmes:cohort_continue", args=[open_cohort.pk])).status_code == 404


def test_people_who_wish_to_continue_and_spare_trained_mentors_are_carried_without_their_disclosures(world, closed):
    paired_mentor, mentee = world.objects["mentor"], world.objects["mentee"]
    spare = ParticipantFactory(cohort=closed, role=Participant.Role.MENTOR, status=Participant.Status.ACCEPTED)
    spare.shared_text, spare.consent_given_at, spare.consent_version = "Private story", "2026-01-01T00:00Z", 1
    spare.save()
    training = Event.objects.create(cohort=closed, kind="training", title="T", starts_at="2026-01-01T10:00Z")
    for trained in (spare, paired_mentor):
        Attendance.objects.create(event=training, participant=trained, attended=True)
    untrained_mentor = ParticipantFactory(cohort=closed, role=Participant.Role.MENTOR)
    mentee.wishes_to_continue = True
    mentee.save()

    response = world.client_for("lead").post(
        reverse("programmes:cohort_continue", args=[closed.pk]), {"name": "Phase 3"}, follow=True
    )
    assert "started with 2 people" in response.content.decode()
    new = Cohort.objects.get(name="Phase 3")
    carried = {p.user_id: p for p in new.participants.all()}
    # The paired mentor trained too, but did not say they wish to continue.
    assert set(carried) == {spare.user_id, mentee.user_id}
    assert untrained_mentor.user_id not in carried
    moved = carried[spare.user_id]
    assert moved.status == "accepted" and moved.grade == spare.grade and new.continued_from == closed
    assert moved.shared_text == "" and moved.consent_given_at is None


def test_a_participant_says_whether_they_wish_to_continue_for_their_own_place_only(world, closed):
    mentee = world.objects["mentee"]
    url = reverse("programmes:participant_continue", args=[mentee.pk])
    world.assert_only(url, {"mentee": None}, method="post", data={"wishes": "yes"})
    mentee.refresh_from_db()
    assert not mentee.wishes_to_continue
    world.client_for("mentee").post(url, {"wishes": "yes"})
    mentee.refresh_from_db()
    assert mentee.wishes_to_continue
    assert (
        "You have said you would like to take part"
        in world.client_for("mentee").get(reverse("programmes:my_programme")).content.decode()
    )
