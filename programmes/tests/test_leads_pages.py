import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from programmes.models import Attendance, Cohort, Event, Participant, Programme
from programmes.selectors_leads import cohort_facts, cohort_roster
from programmes.tests.factories import CohortFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
LEADS = {"lead": 200, "co_lead": 200}


def test_only_the_programmes_leads_see_its_overview(world):
    world.assert_only(reverse("programmes:programme", args=[world.programme.pk]), LEADS)


def test_only_the_programmes_leads_see_a_cohort_roster(world):
    world.assert_only(reverse("programmes:cohort", args=[world.cohort.pk]), LEADS)


def test_only_leads_can_open_the_add_cohort_and_next_steps_forms(world):
    world.assert_only(reverse("programmes:cohort_create", args=[world.programme.pk]), LEADS)
    world.assert_only(reverse("programmes:cohort_next_steps", args=[world.cohort.pk]), LEADS)


def test_nobody_but_a_lead_can_post_to_any_lead_page_and_nothing_changes(world):
    cohort, mentee = world.cohort, world.objects["mentee"]
    posts = [
        (reverse("programmes:cohort_create", args=[world.programme.pk]), {"name": "Sneaky"}),
        (reverse("programmes:cohort", args=[cohort.pk]), {"action": "withdraw", "participants": [mentee.pk]}),
        (reverse("programmes:cohort_advance", args=[cohort.pk]), {}),
        (reverse("programmes:cohort_next_steps", args=[cohort.pk]), {"next_steps": "discontinue"}),
    ]
    for url, data in posts:
        world.assert_only(url, {"lead": None, "co_lead": None}, method="post", data=data)
    cohort.refresh_from_db()
    mentee.refresh_from_db()
    assert cohort.status == Cohort.Status.RECRUITING and cohort.next_steps == ""
    assert mentee.status == Participant.Status.ACCEPTED
    assert not Cohort.objects.filter(name="Sneaky").exists()


def test_a_lead_creates_a_cohort_as_a_draft(world):
    client = world.client_for("lead")
    response = client.post(
        reverse("programmes:cohort_create", args=[world.programme.pk]),
        {"name": "Phase 3", "starts_on": "2027-01-10", "ends_on": "2027-07-10"},
    )
    cohort = Cohort.objects.get(name="Phase 3")
    assert response["Location"] == reverse("programmes:cohort", args=[cohort.pk])
    assert cohort.status == Cohort.Status.DRAFT and cohort.programme == world.programme


def test_an_end_date_before_the_start_is_explained_and_the_name_kept(world):
    response = world.client_for("lead").post(
        reverse("programmes:cohort_create", args=[world.programme.pk]),
        {"name": "Phase 3", "starts_on": "2027-07-10", "ends_on": "2027-01-10"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The end date must be on or after the start date." in page
    assert 'value="Phase 3"' in page
    assert not Cohort.objects.filter(name="Phase 3").exists()


def test_a_duplicate_cohort_name_gets_a_message(world):
    response = world.client_for("lead").post(
        reverse("programmes:cohort_create", args=[world.programme.pk]), {"name": world.cohort.name}
    )
    assert response.status_code == 200 and "already exists in this programme" in response.content.decode()


def test_bulk_actions_change_only_this_cohorts_people(world):
    client = world.client_for("lead")
    outsider = world.objects["other_cohort_participant"]
    mentor = world.objects["mentor"]
    client.post(
        reverse("programmes:cohort", args=[world.cohort.pk]),
        {"action": "withdraw", "participants": [mentor.pk, outsider.pk]},
    )
    mentor.refresh_from_db()
    outsider.refresh_from_db()
    assert outsider.status == Participant.Status.ACCEPTED
    assert mentor.status == Participant.Status.ACCEPTED  # the whole request was refused, not half-applied

    response = client.post(
        reverse("programmes:cohort", args=[world.cohort.pk]), {"action": "ready", "participants": [mentor.pk]}
    )
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.ready_to_match is True


def test_a_bulk_action_with_nobody_selected_says_so(world):
    response = world.client_for("lead").post(
        reverse("programmes:cohort", args=[world.cohort.pk]), {"action": "accept"}, follow=True
    )
    assert "Select at least one person." in response.content.decode()


def test_the_roster_filters_by_role_status_and_search(world):
    client = world.client_for("lead")
    url = reverse("programmes:cohort", args=[world.cohort.pk])
    mentor, mentee = world.objects["mentor"], world.objects["mentee"]
    other_pair = world.objects["other_pair"]

    def shown(**filters):
        return [p["pk"] for p in client.get(url, filters).context["participants"]]

    assert set(shown(role="mentee")) == {mentee.pk, other_pair.pk}
    assert shown(q=mentor.user.email.upper()) == [mentor.pk]
    assert shown(status="withdrawn") == []


def test_the_stage_button_explains_why_matching_cannot_start(world):
    client = world.client_for("lead")
    world.cohort.participants.filter(role="mentee").delete()
    page = client.get(reverse("programmes:cohort", args=[world.cohort.pk])).content.decode()
    assert "Accept at least one mentee before matching." in page
    response = client.post(reverse("programmes:cohort_advance", args=[world.cohort.pk]), follow=True)
    assert "Accept at least one mentee before matching." in response.content.decode()
    world.cohort.refresh_from_db()
    assert world.cohort.status == Cohort.Status.RECRUITING


def test_a_lead_moves_a_cohort_through_to_closed_with_a_decision(world):
    client = world.client_for("lead")
    Participant.objects.filter(cohort=world.cohort).update(ready_to_match=True)
    advance = reverse("programmes:cohort_advance", args=[world.cohort.pk])
    for expected in ("matching", "active", "evaluating"):
        client.post(advance)
        world.cohort.refresh_from_db()
        assert world.cohort.status == expected
    client.post(advance)
    world.cohort.refresh_from_db()
    assert world.cohort.status == "evaluating"
    client.post(
        reverse("programmes:cohort_next_steps", args=[world.cohort.pk]),
        {"next_steps": "roll_out", "next_steps_notes": "Roll out to the fire service's networks."},
    )
    client.post(advance)
    world.cohort.refresh_from_db()
    assert world.cohort.status == "closed" and world.cohort.closed_at is not None


def test_the_roster_shows_who_attended_training(world):
    event = Event.objects.create(
        cohort=world.cohort, kind=Event.Kind.TRAINING, title="Skills", starts_at="2026-10-01T10:00Z"
    )
    Attendance.objects.create(event=event, participant=world.objects["mentor"], attended=True)
    rows = world.client_for("lead").get(reverse("programmes:cohort", args=[world.cohort.pk])).context["participants"]
    attended = {p["pk"]: p["training_attended"] for p in rows}
    assert attended[world.objects["mentor"].pk] is True
    assert attended[world.objects["mentee"].pk] is False
    assert attended[world.objects["other_pair"].pk] is False


def test_the_roster_links_each_person_to_their_page(world):
    page = world.client_for("lead").get(reverse("programmes:cohort", args=[world.cohort.pk])).content.decode()
    for name in ("mentor", "mentee", "other_mentor", "other_pair"):
        participant = world.objects[name]
        link = f'<a href="{reverse("programmes:participant", args=[participant.pk])}">{escape(participant.user)}</a>'
        assert link in page


def _facts_world(world):
    """Accepted and not, ready and not, trained and not, in both roles; counts written out by hand below."""
    cohort = world.cohort
    training = Event.objects.create(
        cohort=cohort, kind=Event.Kind.TRAINING, title="Skills", starts_at="2026-10-01T10:00Z"
    )
    briefing = Event.objects.create(
        cohort=cohort, kind=Event.Kind.BRIEFING, title="Hello", starts_at="2026-09-01T10:00Z"
    )
    Participant.objects.filter(pk=world.objects["mentor"].pk).update(ready_to_match=True)
    Attendance.objects.create(event=training, participant=world.objects["mentor"], attended=True)
    Attendance.objects.create(event=training, participant=world.objects["mentee"], attended=False)
    Attendance.objects.create(event=briefing, participant=world.objects["other_pair"], attended=True)
    for status, ready in [("applied", True), ("invited", False), ("withdrawn", True)]:
        ParticipantFactory(cohort=cohort, role=Participant.Role.MENTEE, status=status, ready_to_match=ready)
    ready_mentee = ParticipantFactory(cohort=cohort, role=Participant.Role.MENTEE, ready_to_match=True)
    Attendance.objects.create(event=training, participant=ready_mentee, attended=True)
    return cohort


def test_the_stage_counts_are_the_same_from_the_roster_as_from_the_database(world):
    cohort = _facts_world(world)
    Programme.objects.filter(pk=cohort.programme_id).update(
        mentor_training_required=True, mentee_training_required=True
    )
    cohort.programme.refresh_from_db()
    facts = cohort_facts(cohort)
    assert (facts.accepted_mentors, facts.accepted_mentees) == (2, 3)
    assert (facts.ready_mentors, facts.ready_mentees) == (1, 1)
    assert (facts.untrained_accepted, facts.current_pairings) == (3, 2)
    assert cohort_facts(cohort, everyone=cohort_roster(cohort)) == facts


def test_only_people_whose_role_must_train_count_as_untrained(world):
    cohort = _facts_world(world)
    Programme.objects.filter(pk=cohort.programme_id).update(mentor_training_required=True)
    cohort.programme.refresh_from_db()
    # Of the two accepted mentors one came to training; the two untrained mentees need none here.
    assert cohort_facts(cohort).untrained_accepted == 1
    assert cohort_facts(cohort, everyone=cohort_roster(cohort)).untrained_accepted == 1


def test_a_filtered_roster_still_counts_the_whole_cohort(world):
    cohort = _facts_world(world)
    client = world.client_for("lead")
    counts = "2 accepted mentors, 3 accepted mentees; 1 and 1 ready to match."
    for filters in ({}, {"role": "mentee"}, {"ready": "no"}, {"q": "nobody-at-all"}):
        assert counts in client.get(reverse("programmes:cohort", args=[cohort.pk]), filters).content.decode()


def test_the_roster_never_shows_disclosures_even_to_leads(world):
    mentor = world.objects["mentor"]
    mentor.shared_text = "My experience as a Sikh officer"
    mentor.save()
    page = world.client_for("lead").get(reverse("programmes:cohort", args=[world.cohort.pk])).content.decode()
    assert "Sikh" not in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return context


@pytest.mark.parametrize("url_name", ["programmes:cohort", "programmes:programme"])
def test_lead_pages_run_the_same_queries_at_any_size(world, url_name):
    client = world.client_for("lead")
    target = world.cohort.pk if url_name == "programmes:cohort" else world.programme.pk
    url = reverse(url_name, args=[target])
    event = Event.objects.create(
        cohort=world.cohort, kind=Event.Kind.TRAINING, title="Skills", starts_at="2026-10-01T10:00Z"
    )
    small = _queries(client, url)
    for _ in range(30):
        participant = ParticipantFactory(cohort=world.cohort, role=Participant.Role.MENTEE)
        Attendance.objects.create(event=event, participant=participant, attended=True)
    CohortFactory(programme=world.programme)
    large = _queries(client, url)
    assert len(small) == len(large), "\n".join(q["sql"] for q in large.captured_queries)


def test_the_roster_does_not_mark_mentees_down_for_questions_they_are_never_asked(world):
    import re

    from programmes.models import Programme

    def consent_and_training(role):
        html = world.client_for("lead").get(reverse("programmes:cohort", args=[world.cohort.pk])).content.decode()
        start = html.index(f'id="select-{world.objects[role].pk}"')
        cells = re.findall(r"<td>(.*?)</td>", html[start : html.index("</tr>", start)], re.S)
        # After the checkbox's cell: name, role, grade, directorate, status, consent, profile, training, ready.
        return re.sub(r"<[^>]+>", "", cells[5]), re.sub(r"<[^>]+>", "", cells[7])

    # Mentees are never asked about lived experience; this programme requires no training.
    assert consent_and_training("mentee") == ("Not asked", "Not required")
    assert consent_and_training("mentor") == ("Not given", "Not required")
    Programme.objects.filter(pk=world.programme.pk).update(mentor_training_required=True, mentee_training_required=True)
    assert consent_and_training("mentee") == ("Not asked", "Not yet")
    assert consent_and_training("mentor") == ("Not given", "Not yet")
