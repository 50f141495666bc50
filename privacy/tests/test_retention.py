"""Retention: a closed cohort past its organisation's period loses its personal data once; the figures stay."""

import datetime
import logging

import pytest
from django.utils import timezone

from accounts.models import User
from evaluation.models import Answer, Invitation, Response, Testimonial
from evaluation.selectors import programme_dashboard
from matching.models import AgreementSignature, Concern, Pairing, RapportAnswer
from meetings.models import Action, Meeting, Reflection, ScheduledMeeting
from notifications.models import Notification
from privacy.models import AuditEvent, CohortPurge
from privacy.services import ERASED_NAME, REMOVED, cohort_purge, cohorts_due_for_purge
from privacy.tasks import retention_purge
from privacy.tests.factories import MENTOR_SECRET, SURVEY_ANSWER, fill
from programmes.models import Cohort, ConsentEvent, LearningTopic, Participant
from programmes.selectors_leads import cohort_facts

pytestmark = pytest.mark.django_db

FIGURES = ["mentors", "mentees", "withdrawn", "pairs", "pairs_met", "meetings", "minutes", "median_meetings",
           "actions", "actions_closed", "outcomes", "invited", "responses"]  # fmt: skip


def _close(cohort, days_ago: int):
    cohort.status, cohort.closed_at = Cohort.Status.CLOSED, timezone.now() - datetime.timedelta(days=days_ago)
    cohort.save()


def _figures(cohort):
    figures = programme_dashboard(cohort).figures
    return {name: getattr(figures, name) for name in FIGURES}, cohort_facts(cohort)


def test_only_closed_cohorts_past_their_organisations_retention_period_are_due(world):
    world.organisation.retention_days = 30
    world.organisation.save()
    assert cohorts_due_for_purge() == []
    _close(world.cohort, days_ago=29)
    assert cohorts_due_for_purge() == []
    assert cohorts_due_for_purge(now=timezone.now() + datetime.timedelta(days=2)) == [world.cohort.pk]


def test_the_purge_removes_personal_data_keeps_the_dashboards_figures_and_runs_once(world, caplog):
    fill(world, meetings=3)
    Participant.objects.filter(pk=world.objects["mentee"].pk).update(status=Participant.Status.ACCEPTED)
    mentor = world.objects["mentor"]
    unpaired = Participant.objects.create(cohort=world.cohort, user=world.users["steering"], role="mentor")
    steering_id = unpaired.user_id
    _close(world.cohort, days_ago=world.organisation.retention_days + 1)
    before = _figures(world.cohort)
    paired_accounts = set(Pairing.objects.filter(cohort=world.cohort).values_list("mentor__user", "mentee__user"))

    with caplog.at_level(logging.INFO, logger="privacy.services"):
        assert retention_purge.delay().get() == 1
    assert retention_purge.delay().get() == 0  # idempotent: a second run changes nothing

    assert _figures(world.cohort) == before
    assert Response.objects.filter(survey__cohort=world.cohort).count() == 1
    assert Answer.objects.filter(text=SURVEY_ANSWER).exists()
    assert Invitation.objects.filter(participant=mentor, used=True).exists()
    # "Not paired before": the paired accounts are still known; nobody else stays linked to the cohort.
    assert set(Pairing.objects.filter(cohort=world.cohort).values_list("mentor__user", "mentee__user")) == (
        paired_accounts
    )
    unpaired.refresh_from_db()
    assert unpaired.user_id != steering_id and unpaired.user.name == ERASED_NAME and not unpaired.user.is_active
    assert User.objects.get(pk=steering_id).is_active  # the person's account itself is not the cohort's
    # Personal data is gone.
    mentor.refresh_from_db()
    assert mentor.objectives == mentor.shared_text == mentor.lead_note == "" and mentor.consent_given_at is None
    assert not mentor.shared_topics.exists() and mentor.grade is None
    assert not ConsentEvent.objects.filter(participant__cohort=world.cohort).exists()
    assert not LearningTopic.objects.filter(participant__cohort=world.cohort).exists()
    assert not Reflection.objects.filter(meeting__pairing__cohort=world.cohort).exists()
    assert not Meeting.objects.filter(pairing__cohort=world.cohort).exclude(summary="").exists()
    assert set(Action.objects.filter(pairing__cohort=world.cohort).values_list("description", flat=True)) == {REMOVED}
    assert set(Concern.objects.filter(pairing__cohort=world.cohort).values_list("message", flat=True)) == {REMOVED}
    assert not RapportAnswer.objects.filter(pairing__cohort=world.cohort).exists()
    assert not AgreementSignature.objects.filter(pairing__cohort=world.cohort).exists()
    assert not Testimonial.objects.filter(participant__cohort=world.cohort).exists()  # named: personal data
    assert not ScheduledMeeting.objects.filter(pairing__cohort=world.cohort).exclude(place="").exists()
    assert world.cohort.events.get().notes == ""
    assert Pairing.objects.get(pk=world.objects["pairing"].pk).explanation == ""
    assert MENTOR_SECRET not in str(Participant.objects.filter(cohort=world.cohort).values())
    assert not Notification.objects.filter(recipient=mentor.user_id).exists()  # it was about the cohort
    # Logged with counts only, audited once, recorded once.
    purge = CohortPurge.objects.get(cohort=world.cohort)
    assert purge.participants == 5 and purge.reflections_deleted == 6
    assert [r.getMessage() for r in caplog.records if r.name == "privacy.services"] == [
        f"retention purge: cohort {world.cohort.pk}: 5 participants, 6 reflections deleted, "
        f"{purge.texts_blanked} texts blanked"
    ]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RETENTION_PURGE, actor=None).count() == 1
    assert cohort_purge(cohort_id=world.cohort.pk) is None


def test_a_cohort_still_running_is_never_purged(world):
    fill(world)
    world.organisation.retention_days = 0
    world.organisation.save()
    assert retention_purge.delay().get() == 0
    assert Reflection.objects.exists()


def test_the_beat_schedule_runs_the_purge_every_night():
    from remento.celery import app

    entry = app.conf.beat_schedule["privacy-retention-purge"]
    app.loader.import_default_modules()
    assert entry["task"] == retention_purge.name and entry["task"] in app.tasks
