"""The pair's space: logging, confirming, correcting, reflections, actions, the next meeting."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching.models import Pairing
from meetings.models import Action, Meeting, Outcome, Reflection, ScheduledMeeting
from meetings.tests.factories import ActionFactory, MeetingFactory
from programmes.models import MeetingGuideItem
from programmes.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db
PARTNERS_REDIRECT = {"mentor": 302, "mentee": 302}


@pytest.fixture(autouse=True)
def paired_two_months_ago(world):
    """The world's pairs were introduced two months ago, so meetings of last week fall within their pairings."""
    Pairing.objects.update(created_at=timezone.now() - datetime.timedelta(days=60))
    for name in ("pairing", "other_pairing"):
        world.objects[name].refresh_from_db()


def log_data(world, **overrides):
    return {
        "log-held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "log-duration_minutes": "75",
        "log-format": "in_person",
        "log-activity": "shadowing",
        "log-topics": [world.objects["topic"].pk],
        "log-summary": "We walked the custody suite together.",
        "log-reflection": "I felt nervous about raising the stop-and-search data.",
        "log-action_description": "Invite the mentor to the next promotion board briefing",
        "log-action_owner": "mentee",
        "log-action_due_on": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        **overrides,
    }


def test_a_mentee_logs_a_meeting_with_a_private_reflection_and_an_action(world):
    pairing = world.objects["pairing"]
    client = world.client_for("mentee")
    response = client.post(reverse("meetings:meeting_log", args=[pairing.pk]), log_data(world))
    assert response.status_code == 302
    meeting = Meeting.objects.get(pairing=pairing)
    assert (meeting.duration_minutes, meeting.activity, meeting.logged_by) == (75, "shadowing", world.objects["mentee"])
    assert list(meeting.topics.all()) == [world.objects["topic"]]
    assert meeting.confirmed_at is None
    reflection = Reflection.objects.get(meeting=meeting)
    assert reflection.author == world.objects["mentee"]
    action = Action.objects.get(pairing=pairing)
    assert (action.owner, action.meeting, action.status) == ("mentee", meeting, "open")
    page = client.get(reverse("meetings:pair", args=[pairing.pk])).content.decode()
    assert "We walked the custody suite together." in page
    assert "stop-and-search" in page  # the author sees their own reflection
    assert "Invite the mentor to the next promotion board briefing" in page


def test_each_change_to_the_pair_s_space_has_a_page_of_its_own_linked_from_the_pair_page(world):
    pairing = world.objects["pairing"]
    client = world.client_for("mentor")
    pair_page = client.get(reverse("meetings:pair", args=[pairing.pk])).content.decode()
    for name, heading, field in [
        ("meetings:meeting_log", f"Log a meeting with {world.users['mentee'].name}", "log-summary"),
        ("meetings:schedule", "Schedule the next meeting", "next-date"),
        ("meetings:action_add", "Add an action", "action-description"),
    ]:
        url = reverse(name, args=[pairing.pk])
        assert f'href="{url}"' in pair_page and f'name="{field}"' not in pair_page
        page = client.get(url).content.decode()
        assert f'<h1 class="h2">{heading}</h1>' in page and f'name="{field}"' in page
    assert (
        "your reflection is for you alone"
        in client.get(reverse("meetings:meeting_log", args=[pairing.pk])).content.decode()
    )


def test_the_schedule_page_shows_the_meeting_it_would_move(world):
    pairing = world.objects["pairing"]
    ScheduledMeeting.objects.create(
        pairing=pairing, starts_at=timezone.now() + datetime.timedelta(days=3), duration_minutes=45, place="Room 4"
    )
    page = world.client_for("mentee").get(reverse("meetings:schedule", args=[pairing.pk])).content.decode()
    assert "Move the next meeting" in page and "for 45 minutes, Room 4" in page


def test_an_action_without_a_description_is_refused_beside_the_field_and_nothing_is_lost(world):
    response = world.client_for("mentee").post(
        reverse("meetings:action_add", args=[world.objects["pairing"].pk]),
        {"action-description": "", "action-owner": "mentor", "action-due_on": "2031-02-03"},
    )
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert response.context["form"]["due_on"].value() == "2031-02-03"
    assert not Action.objects.exists()


def test_a_meeting_in_the_future_is_refused_with_a_message_beside_the_date_and_nothing_lost(world):
    pairing = world.objects["pairing"]
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = world.client_for("mentee").post(
        reverse("meetings:meeting_log", args=[pairing.pk]), log_data(world, **{"log-held_on": tomorrow})
    )
    assert response.status_code == 200
    assert "only be logged once it has happened" in response.content.decode()
    assert response.context["form"]["summary"].value() == "We walked the custody suite together."
    assert not Meeting.objects.exists()


def test_the_partner_cannot_read_the_authors_reflection(world):
    pairing = world.objects["pairing"]
    world.client_for("mentee").post(reverse("meetings:meeting_log", args=[pairing.pk]), log_data(world))
    meeting = Meeting.objects.get()
    mentor = world.client_for("mentor")
    for url in (reverse("meetings:pair", args=[pairing.pk]), reverse("meetings:meeting", args=[meeting.pk])):
        page = mentor.get(url).content.decode()
        assert "We walked the custody suite together." in page or url.endswith(f"{meeting.pk}/")
        assert "stop-and-search" not in page


def test_each_partner_keeps_a_reflection_of_their_own(world):
    meeting = MeetingFactory(pairing=world.objects["pairing"])
    url = reverse("meetings:reflection", args=[meeting.pk])
    world.client_for("mentor").post(url, {"text": "Mentor's own thought"})
    world.client_for("mentee").post(url, {"text": "Mentee's own thought"})
    assert dict(Reflection.objects.values_list("author__role", "text")) == {
        "mentor": "Mentor's own thought",
        "mentee": "Mentee's own thought",
    }
    page = world.client_for("mentor").get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "Mentor&#x27;s own thought" in page and "Mentee" not in page.split("reflection-heading")[1]
    world.client_for("mentor").post(url, {"text": ""})
    assert list(Reflection.objects.values_list("author__role", flat=True)) == ["mentee"]


def test_the_partner_confirms_a_meeting_but_the_author_cannot(world):
    meeting = MeetingFactory(pairing=world.objects["pairing"], logged_by=world.objects["mentee"])
    url = reverse("meetings:meeting_confirm", args=[meeting.pk])
    world.client_for("mentee").post(url)
    meeting.refresh_from_db()
    assert meeting.confirmed_at is None
    world.client_for("mentor").post(url)
    meeting.refresh_from_db()
    assert meeting.confirmed_at and meeting.confirmed_by == world.objects["mentor"]


def test_the_partner_corrects_a_meeting_which_confirms_it(world):
    meeting = MeetingFactory(pairing=world.objects["pairing"], logged_by=world.objects["mentee"])
    response = world.client_for("mentor").post(
        reverse("meetings:meeting", args=[meeting.pk]),
        {
            "held_on": meeting.held_on.isoformat(),
            "duration_minutes": "120",
            "format": "online",
            "activity": "conversation",
            "summary": "Corrected: it was two hours online.",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.duration_minutes, meeting.format, meeting.confirmed_by) == (120, "online", world.objects["mentor"])


def test_an_action_reported_done_and_shared_goes_into_the_outcomes_register(world):
    pairing = world.objects["pairing"]
    action = ActionFactory(pairing=pairing)
    response = world.client_for("mentor").post(
        reverse("meetings:action", args=[action.pk]),
        {
            "status": "done",
            "outcome": "Promotion boards now include a network member.",
            "share_outcome": "on",
            "outcome_title": "Recruitment panel change",
            "outcome_category": "recruitment",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.closed_at and action.outcome_shared
    outcome = Outcome.objects.get()
    assert (outcome.programme, outcome.cohort, outcome.action) == (world.programme, world.cohort, action)
    assert (outcome.title, outcome.category) == ("Recruitment panel change", "recruitment")
    # The action's own text is not in the register: only the outcome the pair chose to share.
    assert "SECRET-ACTION" not in outcome.description + outcome.title


def test_sharing_an_outcome_needs_a_title_and_the_outcome_and_says_so(world):
    action = ActionFactory(pairing=world.objects["pairing"])
    response = world.client_for("mentor").post(
        reverse("meetings:action", args=[action.pk]), {"status": "done", "outcome": "", "share_outcome": "on"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Say what came of the action" in page and "short title for the register" in page
    assert not Outcome.objects.exists()


def test_unsharing_an_outcome_takes_it_out_of_the_register(world):
    action = ActionFactory(pairing=world.objects["pairing"])
    url = reverse("meetings:action", args=[action.pk])
    client = world.client_for("mentee")
    client.post(url, {"status": "done", "outcome": "Done.", "share_outcome": "on", "outcome_title": "Badges"})
    assert Outcome.objects.count() == 1
    client.post(url, {"status": "done", "outcome": "Done."})
    assert not Outcome.objects.exists()


def test_the_pair_schedules_the_next_meeting_and_each_downloads_an_ics_with_the_other_s_name(world):
    pairing = world.objects["pairing"]
    day = timezone.localdate() + datetime.timedelta(days=10)
    response = world.client_for("mentee").post(
        reverse("meetings:schedule", args=[pairing.pk]),
        {"next-date": day.isoformat(), "next-time": "14:30", "next-duration_minutes": "60", "next-place": "Café"},
    )
    assert response.status_code == 302
    scheduled = ScheduledMeeting.objects.get()
    assert timezone.localtime(scheduled.starts_at).strftime("%H:%M") == "14:30"
    mentor_ics = world.client_for("mentor").get(reverse("meetings:next_meeting_ics", args=[scheduled.pk]))
    assert mentor_ics["Content-Type"] == "text/calendar"
    body = mentor_ics.content.decode()
    assert "BEGIN:VEVENT" in body and f"with {world.objects['mentee'].user.name}" in body and "LOCATION:Café" in body
    mentee_ics = world.client_for("mentee").get(reverse("meetings:next_meeting_ics", args=[scheduled.pk]))
    assert f"with {world.objects['mentor'].user.name}" in mentee_ics.content.decode()
    # Scheduling again replaces the one still to come.
    world.client_for("mentor").post(
        reverse("meetings:schedule", args=[pairing.pk]),
        {"next-date": day.isoformat(), "next-time": "16:00", "next-duration_minutes": "60"},
    )
    assert ScheduledMeeting.objects.filter(cancelled=False).count() == 1


def test_a_next_meeting_in_the_past_is_refused_beside_the_date(world):
    response = world.client_for("mentee").post(
        reverse("meetings:schedule", args=[world.objects["pairing"].pk]),
        {"next-date": "2020-01-01", "next-time": "10:00", "next-duration_minutes": "60"},
    )
    assert response.status_code == 200 and "still to come" in response.content.decode()
    assert not ScheduledMeeting.objects.exists()


def test_an_ended_pairing_is_read_only(world):
    pairing = world.objects["pairing"]
    meeting = MeetingFactory(pairing=pairing)
    action = ActionFactory(pairing=pairing)
    Pairing.objects.filter(pk=pairing.pk).update(status=Pairing.Status.ENDED)
    client = world.client_for("mentee")
    page = client.get(reverse("meetings:pair", args=[pairing.pk])).content.decode()
    assert "no longer changed" in page and "Log a meeting" not in page
    for name in ("meetings:meeting_log", "meetings:schedule", "meetings:action_add"):
        refused = client.get(reverse(name, args=[pairing.pk]), follow=True)
        assert refused.redirect_chain[-1][0] == reverse("meetings:pair", args=[pairing.pk])
        assert "no longer changed" in refused.content.decode()
    client.post(reverse("meetings:meeting_log", args=[pairing.pk]), log_data(world))
    client.post(reverse("meetings:action", args=[action.pk]), {"status": "done", "outcome": "x"})
    world.client_for("mentor").post(reverse("meetings:meeting_confirm", args=[meeting.pk]))
    assert Meeting.objects.count() == 1 and Meeting.objects.get().confirmed_at is None
    action.refresh_from_db()
    assert action.status == "open"


def test_the_meeting_guide_suggests_the_agenda_for_the_next_meeting_number_and_progress_counts(world):
    pairing = world.objects["pairing"]
    MeetingGuideItem.objects.create(programme=world.programme, meeting_number=2, agenda="Talk about recruitment")
    MeetingGuideItem.objects.create(programme=world.programme, meeting_number=1, agenda="Get to know each other")
    MeetingFactory(pairing=pairing)
    response = world.client_for("mentor").get(reverse("meetings:pair", args=[pairing.pk]))
    page = response.content.decode()
    assert "Suggested agenda for meeting 2" in page and "Talk about recruitment" in page
    assert "Get to know each other" not in page
    assert response.context["progress"]["held"] == 1 and response.context["progress"]["suggested"] == 4


def test_each_meeting_shows_its_own_topics_in_the_organisation_s_order_and_its_author_s_reflection_once(world):
    pairing = world.objects["pairing"]
    careers = TopicFactory(organisation=world.organisation, name="Careers")
    appraisals = TopicFactory(organisation=world.organisation, name="Appraisals")
    today = timezone.localdate()
    newer = MeetingFactory(pairing=pairing, held_on=today - datetime.timedelta(days=2))
    newer.topics.set([careers, world.objects["topic"], appraisals])
    older = MeetingFactory(pairing=pairing, held_on=today - datetime.timedelta(days=9))
    Reflection.objects.create(meeting=newer, author=world.objects["mentee"], text="Mine about the board")
    response = world.client_for("mentee").get(reverse("meetings:pair", args=[pairing.pk]))
    page = response.content.decode()
    # Protected characteristics first, then by name; the meeting without topics says none.
    assert page.count("Topics:") == 1 and "Topics: Race, Appraisals, Careers" in page
    assert page.index(f'id="meeting-{newer.pk}"') < page.index("Topics:") < page.index(f'id="meeting-{older.pk}"')
    assert page.count('<article class="card mb-3"') == 2 and response.context["progress"]["held"] == 2
    assert page.count("Mine about the board") == 1
    partner_page = world.client_for("mentor").get(reverse("meetings:pair", args=[pairing.pk])).content.decode()
    assert "Mine about the board" not in partner_page and partner_page.count("Topics: Race, Appraisals, Careers") == 1


def test_only_the_partners_can_post_to_the_pair_s_space(world):
    pairing = world.objects["pairing"]
    meeting = MeetingFactory(pairing=pairing, logged_by=world.objects["mentee"])
    action = ActionFactory(pairing=pairing)
    world.assert_only(reverse("meetings:meeting_log", args=[pairing.pk]), {"mentor": 200, "mentee": 200}, "post")
    world.assert_only(
        reverse("meetings:action_add", args=[pairing.pk]), PARTNERS_REDIRECT, "post",
        {"action-description": "x", "action-owner": "mentor"},
    )  # fmt: skip
    world.assert_only(reverse("meetings:schedule", args=[pairing.pk]), {"mentor": 200, "mentee": 200}, "post")
    world.assert_only(reverse("meetings:meeting", args=[meeting.pk]), {"mentor": 200, "mentee": 200}, "post")
    world.assert_only(reverse("meetings:reflection", args=[meeting.pk]), PARTNERS_REDIRECT, "post", {"text": "x"})
    world.assert_only(reverse("meetings:meeting_confirm", args=[meeting.pk]), PARTNERS_REDIRECT, "post")
    world.assert_only(reverse("meetings:action", args=[action.pk]), {"mentor": 200, "mentee": 200}, "post")
    scheduled = ScheduledMeeting.objects.create(pairing=pairing, starts_at=timezone.now() + datetime.timedelta(days=3))
    world.assert_only(reverse("meetings:next_meeting_cancel", args=[scheduled.pk]), PARTNERS_REDIRECT, "post")
    # Nobody outside the pair left a trace.
    assert Reflection.objects.filter(author__user__in=[world.users["mentor"], world.users["mentee"]]).count() == 2
    assert Reflection.objects.count() == 2 and Action.objects.filter(description="x").count() == 2


def _pair_page_queries(world, client, pairing):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("meetings:pair", args=[pairing.pk])).status_code == 200
    return len(queries)


def test_the_pair_page_runs_the_same_number_of_queries_with_one_meeting_or_twenty(world):
    pairing = world.objects["pairing"]
    client = world.client_for("mentee")
    MeetingFactory(pairing=pairing).topics.add(world.objects["topic"])
    ActionFactory(pairing=pairing)
    small = _pair_page_queries(world, client, pairing)
    for _ in range(19):
        meeting = MeetingFactory(pairing=pairing)
        meeting.topics.add(world.objects["topic"])
        Reflection.objects.create(meeting=meeting, author=world.objects["mentee"], text="mine")
        ActionFactory(pairing=pairing, meeting=meeting)
        ActionFactory(pairing=pairing, status="done", outcome="done")
    ScheduledMeeting.objects.create(pairing=pairing, starts_at=timezone.now() + datetime.timedelta(days=3))
    assert _pair_page_queries(world, client, pairing) == small


def test_a_change_by_the_author_after_confirmation_needs_the_partner_to_confirm_again(world):
    meeting = MeetingFactory(pairing=world.objects["pairing"], logged_by=world.objects["mentee"])
    world.client_for("mentor").post(reverse("meetings:meeting_confirm", args=[meeting.pk]))
    world.client_for("mentee").post(
        reverse("meetings:meeting", args=[meeting.pk]),
        {"held_on": meeting.held_on.isoformat(), "duration_minutes": "30", "format": "phone", "activity": "informal"},
    )
    meeting.refresh_from_db()
    assert meeting.duration_minutes == 30 and meeting.confirmed_at is None and meeting.confirmed_by is None


def test_an_action_without_an_owner_is_refused_beside_the_field_and_the_log_is_kept(world):
    response = world.client_for("mentee").post(
        reverse("meetings:meeting_log", args=[world.objects["pairing"].pk]),
        log_data(world, **{"log-action_owner": ""}),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"action_owner": ["Say who will do the action."]}
    assert not Meeting.objects.exists()


def _paired_on(pairing, days_ago):
    Pairing.objects.filter(pk=pairing.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))


def test_a_meeting_before_the_pair_was_introduced_is_refused_beside_the_date_and_nothing_typed_is_lost(world):
    pairing = world.objects["pairing"]
    _paired_on(pairing, 30)
    long_ago = (timezone.localdate() - datetime.timedelta(days=400)).isoformat()
    response = world.client_for("mentee").post(
        reverse("meetings:meeting_log", args=[pairing.pk]), log_data(world, **{"log-held_on": long_ago})
    )
    assert response.status_code == 200
    paired_on = timezone.localdate() - datetime.timedelta(days=30)
    assert response.context["form"].errors == {
        "held_on": [f"You were paired on {paired_on.day} {paired_on:%B %Y}: choose that day or later."]
    }
    page = response.content.decode()
    assert "We walked the custody suite together." in page and long_ago in page
    assert f'min="{paired_on.isoformat()}"' in page and f'max="{timezone.localdate().isoformat()}"' in page
    assert not Meeting.objects.exists()


def test_the_day_the_pair_was_introduced_and_today_are_both_allowed(world):
    pairing = world.objects["pairing"]
    _paired_on(pairing, 30)
    client = world.client_for("mentee")
    for days_ago in (30, 0):
        held_on = (timezone.localdate() - datetime.timedelta(days=days_ago)).isoformat()
        response = client.post(
            reverse("meetings:meeting_log", args=[pairing.pk]), log_data(world, **{"log-held_on": held_on})
        )
        assert response.status_code == 302
    assert Meeting.objects.filter(pairing=pairing).count() == 2


def test_a_correction_cannot_move_a_meeting_outside_the_pairing(world):
    pairing = world.objects["pairing"]
    _paired_on(pairing, 30)
    meeting = MeetingFactory(pairing=pairing, logged_by=world.objects["mentee"])
    response = world.client_for("mentor").post(
        reverse("meetings:meeting", args=[meeting.pk]),
        {
            "held_on": (timezone.localdate() - datetime.timedelta(days=31)).isoformat(),
            "duration_minutes": "30",
            "format": "phone",
            "activity": "informal",
        },
    )
    assert response.status_code == 200
    assert "choose that day or later" in response.context["form"].errors["held_on"][0]
    meeting.refresh_from_db()
    assert meeting.held_on == timezone.localdate() - datetime.timedelta(days=7) and meeting.confirmed_at is None


def test_the_service_refuses_a_date_outside_the_pairing_whatever_the_form_says(world):
    from django.core.exceptions import ValidationError

    from meetings.services import meeting_log

    pairing = world.objects["pairing"]
    _paired_on(pairing, 30)
    pairing.refresh_from_db()
    fields = {"duration_minutes": 60, "format": "online", "activity": "conversation", "summary": ""}
    for held_on in (timezone.localdate() - datetime.timedelta(days=400), timezone.localdate() + datetime.timedelta(1)):
        with pytest.raises(ValidationError) as refused:
            meeting_log(pairing=pairing, by=world.objects["mentor"], fields={**fields, "held_on": held_on})
        assert "held_on" in refused.value.message_dict
    assert not Meeting.objects.exists()
