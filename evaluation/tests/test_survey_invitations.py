"""Invitations and reminders: through the one notification path, exactly once per reason, never carrying a token."""

import datetime

import pytest
from django.urls import reverse

from evaluation import services, tasks
from evaluation.models import Invitation, Survey
from evaluation.tests.factories import invitation_for, open_survey, template_survey
from meetings.models import Meeting
from notifications.models import Notification
from notifications.services import render_email

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)


def _meet(pairing, times):
    for n in range(times):
        Meeting.objects.create(
            pairing=pairing, held_on=TODAY - datetime.timedelta(days=n + 1), duration_minutes=60, format="online"
        )


def test_the_invitation_email_links_to_the_invitation_page_and_carries_no_token(world):
    survey = open_survey(world.cohort)
    invitation = invitation_for(survey, world.objects["mentor"])
    notification = Notification.objects.get(kind="survey_invitation", recipient=world.users["mentor"])
    assert notification.link == reverse("evaluation:invitation", args=[invitation.pk])
    message = render_email(notification)
    html = message.alternatives[0][0]
    for text in (message.subject, message.body, html):
        assert invitation.token_hash not in text and "token" not in text.lower()
    assert survey.title in message.subject and notification.link in message.body
    assert "anonymous" in message.body


def test_the_stored_link_opens_nothing_for_anyone_but_the_invited_person(world):
    open_survey(world.cohort)
    link = Notification.objects.get(kind="survey_invitation", recipient=world.users["mentor"]).link
    world.assert_only(link, {"mentor": 200})


def test_only_accepted_participants_in_the_audience_are_invited(world):
    world.objects["other_pair"].status = "withdrawn"
    world.objects["other_pair"].save()
    survey = open_survey(world.cohort, audience=Survey.Audience.MENTEES)
    assert list(survey.invitations.values_list("participant", flat=True)) == [world.objects["mentee"].pk]


def test_opening_twice_invites_nobody_twice(world):
    survey = open_survey(world.cohort)
    with pytest.raises(services.SurveyLocked):
        services.survey_open(survey_id=survey.pk)
    assert survey.invitations.count() == 4 and Notification.objects.filter(kind="survey_invitation").count() == 4


def _remind():
    return services.reminders_send()


def _age_emails(days):
    """As if the survey emails so far had gone `days` earlier."""
    for notification in Notification.objects.filter(kind__startswith="survey_"):
        Notification.objects.filter(pk=notification.pk).update(
            created_at=notification.created_at - datetime.timedelta(days=days)
        )


def test_reminders_go_at_most_twice_exactly_once_each_and_not_after_answering(world):
    survey = open_survey(world.cohort)
    answered = invitation_for(survey, world.objects["mentee"])
    Invitation.objects.filter(pk=answered.pk).update(used=True)
    assert _remind() == 0  # not due yet
    _age_emails(6)
    assert _remind() == 0
    _age_emails(2)
    assert _remind() == 3
    assert _remind() == 0  # the same reminder is never sent twice
    _age_emails(8)
    assert _remind() == 3
    _age_emails(30)
    assert _remind() == 0  # two is the most
    reminders = Notification.objects.filter(kind="survey_reminder")
    assert reminders.count() == 6
    assert not reminders.filter(recipient=world.users["mentee"]).exists()
    assert sorted(reminders.filter(recipient=world.users["mentor"]).values_list("period", flat=True)) == [
        "reminder-1",
        "reminder-2",
    ]
    assert set(Invitation.objects.filter(used=False).values_list("reminders_sent", flat=True)) == {2}


def test_no_reminder_goes_once_the_survey_has_closed(world):
    survey = open_survey(world.cohort)
    services.survey_close(survey_id=survey.pk)
    _age_emails(30)
    assert _remind() == 0 and not Notification.objects.filter(kind="survey_reminder").exists()


def test_a_reminder_claimed_by_another_run_is_not_sent_again(world):
    survey = open_survey(world.cohort)
    invitation = invitation_for(survey, world.objects["mentor"])
    # Another worker already counted reminder 1 for this person (its claim committed first).
    Invitation.objects.filter(pk=invitation.pk).update(reminders_sent=1)
    _age_emails(8)
    _remind()
    assert Notification.objects.filter(kind="survey_reminder", recipient=world.users["mentor"]).get().period == (
        "reminder-2"
    )


def test_a_dated_survey_opens_on_its_day_and_closes_after_its_last_day(world):
    survey = template_survey(world.cohort, trigger=Survey.Trigger.DATES, opens_on=TODAY, closes_on=TODAY)
    services.surveys_scan(today=TODAY - datetime.timedelta(days=1))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT and not survey.invitations.exists()
    result = services.surveys_scan(today=TODAY)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN and survey.opens_on == TODAY and result["invited"] == 4
    services.surveys_scan(today=TODAY + datetime.timedelta(days=1))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED


def test_the_meetings_trigger_invites_each_pair_once_they_have_logged_the_suggested_meetings(world):
    survey = open_survey(world.cohort, trigger=Survey.Trigger.MEETINGS)
    assert not survey.invitations.exists()
    _meet(world.objects["pairing"], 3)
    services.surveys_scan()
    assert not survey.invitations.exists()
    _meet(world.objects["pairing"], 1)
    tasks.scan_surveys.delay()
    services.surveys_scan()
    invited = set(survey.invitations.values_list("participant", flat=True))
    assert invited == {world.objects["mentor"].pk, world.objects["mentee"].pk}
    assert Notification.objects.filter(kind="survey_invitation").count() == 2


def test_the_meetings_trigger_follows_the_programmes_suggested_number(world):
    world.programme.suggested_meetings = 2
    world.programme.save()
    survey = open_survey(world.cohort, trigger=Survey.Trigger.MEETINGS)
    _meet(world.objects["other_pairing"], 2)
    services.surveys_scan()
    assert set(survey.invitations.values_list("participant", flat=True)) == {
        world.objects["other_mentor"].pk,
        world.objects["other_pair"].pk,
    }
