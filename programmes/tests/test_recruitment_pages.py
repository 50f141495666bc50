import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Cohort, ConsentEvent, Event, Participant, Resource
from programmes.tests.factories import CohortFactory, ParticipantFactory, TopicFactory
from remento.testing.world import ROLES

pytestmark = pytest.mark.django_db
SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def test_the_application_pages_belong_to_the_participant_alone(world):
    mentor = world.objects["mentor"]
    for name in ("programmes:apply", "programmes:disclosures"):
        world.assert_only(reverse(name, args=[mentor.pk]), {"mentor": 200})
    world.assert_only(reverse("programmes:withdraw_consent", args=[mentor.pk]), {"mentor": None}, method="post")


def test_every_signed_in_person_sees_the_recruitment_and_home_pages_with_only_their_own_data(world):
    for name in ("programmes:recruitment", "programmes:my_programme"):
        world.assert_only(reverse(name), {role: 200 for role in SIGNED_IN})
    page = world.client_for("steering").get(reverse("programmes:my_programme")).content.decode()
    assert "not taking part in a programme yet" in page


def test_staff_see_recruiting_cohorts_of_their_own_organisation_only(world):
    other = CohortFactory(programme__organisation=world.objects["other_org"], name="Elsewhere")
    page = world.client_for("org_admin").get(reverse("programmes:recruitment")).content.decode()
    assert world.programme.name in page and other.programme.name not in page


def test_a_member_applies_as_a_mentor_and_is_taken_to_the_application(world):
    client = world.client_for("org_admin")
    response = client.post(reverse("programmes:express_interest", args=[world.cohort.pk]), {"role": "mentor"})
    participant = Participant.objects.get(cohort=world.cohort, user=world.users["org_admin"])
    assert participant.status == Participant.Status.APPLIED and participant.role == "mentor"
    assert response["Location"] == reverse("programmes:apply", args=[participant.pk])
    again = client.post(reverse("programmes:express_interest", args=[world.cohort.pk]), {"role": "mentee"}, follow=True)
    assert "already applied" in again.content.decode()


def test_people_from_another_organisation_cannot_apply(world):
    response = world.client_for("other_org_admin").post(
        reverse("programmes:express_interest", args=[world.cohort.pk]), {"role": "mentor"}
    )
    assert response.status_code == 404
    assert not Participant.objects.filter(user=world.users["other_org_admin"], cohort=world.cohort).exists()


def test_a_closed_cohort_takes_no_applications(world):
    Cohort.objects.filter(pk=world.cohort.pk).update(status=Cohort.Status.ACTIVE)
    response = world.client_for("org_admin").post(
        reverse("programmes:express_interest", args=[world.cohort.pk]), {"role": "mentor"}
    )
    assert response.status_code == 404


def application(world, participant, **overrides):
    data = {
        "grade": world.objects["grades"][1].pk,
        "directorate": world.objects["directorate"].pk,
        "objectives": "Help leaders understand the barriers in promotion.",
        "availability": ["mon_am", "thu_pm"],
        "meeting_format": "online",
        "location": "Headquarters",
        "capacity": 1,
        "learning_1": world.objects["topic"].pk,
    }
    data.update(overrides)
    return world.client_for(participant).post(reverse("programmes:apply", args=[world.objects[participant].pk]), data)


def test_a_mentor_saves_an_application_and_goes_on_to_the_optional_questions(world):
    response = application(world, "mentor")
    mentor = world.objects["mentor"]
    assert response["Location"] == reverse("programmes:disclosures", args=[mentor.pk])
    mentor.refresh_from_db()
    assert mentor.availability == ["mon_am", "thu_pm"] and mentor.profile_completed_at


def test_a_grade_too_senior_to_mentor_is_explained_beside_the_grade_and_nothing_is_lost(world):
    world.programme.mentor_max_level = 2
    world.programme.save()
    response = application(world, "mentor", grade=world.objects["grades"][4].pk, objectives="Keep these words")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mentors in this cohort are Sergeant or a more junior grade" in page and "Chief Inspector" in page
    assert "Keep these words" in page


def test_a_mentee_ranks_topics_and_cannot_pick_one_twice(world):
    topic, second = world.objects["topic"], TopicFactory(organisation=world.organisation, name="Religion or belief")
    response = application(world, "mentee", grade=world.objects["grades"][4].pk, learning_2=topic.pk)
    assert "Choose each topic only once." in response.content.decode()
    application(world, "mentee", grade=world.objects["grades"][4].pk, learning_2=second.pk)
    mentee = world.objects["mentee"]
    assert list(mentee.learning_topics.values_list("topic__name", "priority")) == [
        ("Race", 1),
        ("Religion or belief", 2),
    ]


def test_disclosures_need_consent_and_record_the_notice_version(world):
    client, mentor = world.client_for("mentor"), world.objects["mentor"]
    url = reverse("programmes:disclosures", args=[mentor.pk])
    data = {
        "shared_topics": [world.objects["topic"].pk],
        "shared_text": "Growing up mixed race",
        "disclosure_visibility": "leads",
        "avoid_visibility": "partner",
    }
    response = client.post(url, data)
    assert "Tick to agree" in response.content.decode() and "Growing up mixed race" in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.shared_text == "" and mentor.consent_given_at is None

    world.organisation.privacy_notice_version = 3
    world.organisation.save()
    client.post(url, {**data, "consent": "on"})
    mentor.refresh_from_db()
    assert mentor.shared_text == "Growing up mixed race" and mentor.consent_version == 3
    assert list(mentor.shared_topics.all()) == [world.objects["topic"]]
    assert ConsentEvent.objects.get(participant=mentor).action == "given"
    assert (mentor.disclosure_visibility, mentor.avoid_visibility) == ("leads", "partner")


def test_withdrawing_consent_deletes_every_answer_at_once(world):
    mentor = world.objects["mentor"]
    client = world.client_for("mentor")
    client.post(
        reverse("programmes:disclosures", args=[mentor.pk]),
        {
            "consent": "on",
            "avoid_topics": [world.objects["topic"].pk],
            "avoid_text": "My divorce",
            "disclosure_visibility": "partner",
            "avoid_visibility": "partner",
        },
    )
    client.post(reverse("programmes:withdraw_consent", args=[mentor.pk]))
    mentor.refresh_from_db()
    assert (mentor.avoid_text, mentor.consent_given_at, mentor.disclosure_visibility) == ("", None, "leads")
    assert mentor.avoid_visibility == "leads"
    assert not mentor.avoid_topics.exists()
    assert list(mentor.consent_events.values_list("action", flat=True)) == ["given", "withdrawn"]


def test_answering_and_preferring_not_to_say_at_once_is_questioned(world):
    mentor = world.objects["mentor"]
    response = world.client_for("mentor").post(
        reverse("programmes:disclosures", args=[mentor.pk]),
        {
            "consent": "on",
            "shared_text": "Something",
            "shared_prefer_not_to_say": "on",
            "disclosure_visibility": "leads",
            "avoid_visibility": "leads",
        },
    )
    assert "not both" in response.content.decode()


def test_my_programme_lists_the_next_steps_events_and_resources_for_my_role(world):
    mentor = world.objects["mentor"]
    Event.objects.create(cohort=world.cohort, kind="training", title="Skills day", starts_at="2099-01-01T10:00Z")
    mentor.attendances.create(event=Event.objects.get(title="Skills day"))
    Resource.objects.create(programme=world.programme, title="Mentor handbook", audience="mentors")
    Resource.objects.create(programme=world.programme, title="Mentee primer", audience="mentees")
    page = world.client_for("mentor").get(reverse("programmes:my_programme")).content.decode()
    assert "Complete your application" in page and "Skills day" in page
    assert "Mentor handbook" in page and "Mentee primer" not in page


def _count(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_my_programme_and_recruitment_run_the_same_queries_at_any_size(world):
    user = world.users["mentor"]
    client = world.client_for("mentor")
    small = (_count(client, reverse("programmes:my_programme")), _count(client, reverse("programmes:recruitment")))
    for n in range(4):
        participant = ParticipantFactory(user=user, cohort=CohortFactory(programme=world.programme))
        event = Event.objects.create(
            cohort=participant.cohort, kind="briefing", title=f"B{n}", starts_at="2099-01-01T10:00Z"
        )
        participant.attendances.create(event=event)
        Resource.objects.create(programme=world.programme, title=f"R{n}")
        # Pairings and meetings (through the reverse relations: programmes does not import matching).
        mentee = ParticipantFactory(cohort=participant.cohort, role=Participant.Role.MENTEE)
        pairing = participant.pairings_as_mentor.create(cohort=participant.cohort, mentee=mentee)
        for _ in range(n):
            pairing.meetings.create(held_on="2026-01-05", duration_minutes=60, format="online")
    large = (_count(client, reverse("programmes:my_programme")), _count(client, reverse("programmes:recruitment")))
    assert small == large


def test_a_grade_from_another_organisation_is_refused_beside_the_field(world):
    from programmes.tests.factories import GradeFactory

    foreign = GradeFactory(organisation=world.objects["other_org"], name="Foreign grade")
    response = application(world, "mentor", grade=foreign.pk, objectives="Keep me")
    page = response.content.decode()
    assert "Select a valid choice" in page and "Keep me" in page
    world.objects["mentor"].refresh_from_db()
    assert world.objects["mentor"].grade != foreign


@pytest.mark.parametrize("minimum", [3, 5, 8])
def test_the_sharing_page_states_the_programmes_real_minimum_reporting_group(world, minimum):
    world.programme.min_reporting_group = minimum
    world.programme.save()
    mentor = world.objects["mentor"]
    page = world.client_for("mentor").get(reverse("programmes:disclosures", args=[mentor.pk])).content.decode()
    assert f"at most they see totals of {minimum} or more people" in page
    assert "five or more" not in page


def test_one_topic_cannot_be_both_comfortable_sharing_and_not_to_be_discussed(world):
    mentor, topic = world.objects["mentor"], world.objects["topic"]
    response = world.client_for("mentor").post(
        reverse("programmes:disclosures", args=[mentor.pk]),
        {
            "consent": "on",
            "shared_topics": [topic.pk],
            "avoid_topics": [topic.pk],
            "shared_text": "Growing up mixed race",
            "disclosure_visibility": "leads",
            "avoid_visibility": "leads",
        },
    )
    page = response.content.decode()
    assert "You chose Race both as something you are comfortable sharing and as something you do not wish" in page
    assert "Growing up mixed race" in page
    mentor.refresh_from_db()
    assert mentor.consent_given_at is None and not mentor.avoid_topics.exists()


def test_the_checklist_asks_for_training_only_of_the_roles_that_need_it(world):
    world.programme.mentor_training_required = True
    world.programme.save()
    mentor_page = world.client_for("mentor").get(reverse("programmes:my_programme")).content.decode()
    mentee_page = world.client_for("mentee").get(reverse("programmes:my_programme")).content.decode()
    assert "Come to training" in mentor_page
    assert "Come to training" not in mentee_page
