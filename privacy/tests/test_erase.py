"""Erase me: personal data and free text go; counts, survey responses and the partner's own notes stay."""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from evaluation.models import Answer, Certificate, CompletionDecision, Invitation, Response, Testimonial
from matching.models import AgreementSignature, Concern, Exclusion, Pairing, ProposedPair, RapportAnswer
from meetings.models import Action, Meeting, Nudge, Outcome, Reflection, ScheduledMeeting
from notifications.models import EmailPreference, Notification
from privacy.models import AuditEvent
from privacy.services import ERASED_NAME, REMOVED, person_erase
from privacy.tests.factories import (
    MENTEE_REFLECTION,
    MENTOR_REFLECTION,
    MENTOR_SECRET,
    MENTOR_TESTIMONIAL,
    SURVEY_ANSWER,
    fill,
)
from programmes.models import Attendance, ConsentEvent, LearningTopic, Membership, Participant, ProgrammeRole

pytestmark = pytest.mark.django_db


def test_erasing_the_mentor_removes_their_data_and_keeps_aggregates_and_the_partners_notes(world):
    made = fill(world, meetings=3)
    mentor, mentee, pairing = world.objects["mentor"], world.objects["mentee"], world.objects["pairing"]
    user = mentor.user
    old_email = user.email
    ProposedPair.objects.filter(run=made["run"]).update(
        warning="the mentor will not discuss Religion (the mentee's topic 2 of 2)", fit_parts={"avoid": 0.7}
    )

    person_erase(user=user, actor=user)

    user.refresh_from_db()
    mentor.refresh_from_db()
    pairing.refresh_from_db()
    # The account: no name, no email, no way in.
    assert user.name == ERASED_NAME and old_email not in user.email and user.email.endswith("@erased.invalid")
    assert not user.is_active and not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Membership.objects.filter(user=user).exists()
    assert not Notification.objects.filter(recipient=user).exists()
    assert not EmailPreference.objects.filter(user=user).exists()
    # The participant stays for counts by role, with nothing personal left.
    assert mentor.role == Participant.Role.MENTOR
    assert (mentor.objectives, mentor.location, mentor.line_manager_email, mentor.lead_note) == ("", "", "", "")
    assert mentor.availability == [] and mentor.grade is None and mentor.directorate is None
    assert mentor.shared_text == mentor.avoid_text == "" and mentor.consent_given_at is None
    assert not mentor.shared_topics.exists() and not mentor.avoid_topics.exists() and not mentor.networks.exists()
    assert mentor.status == Participant.Status.WITHDRAWN
    assert not ConsentEvent.objects.filter(participant=mentor).exists()
    assert Attendance.objects.filter(participant=mentor, attended=True).exists()  # training counts stay
    # Matching: texts blanked, the pair of accounts kept for "not paired before".
    assert pairing.mentor.user_id == user.pk and pairing.mentee_id == mentee.pk
    assert pairing.explanation == "" and pairing.status == Pairing.Status.ENDED
    proposed = ProposedPair.objects.get(run=made["run"])
    assert (proposed.explanation, proposed.warning, proposed.fit_parts) == ("", "", {})
    assert Exclusion.objects.filter(mentor=mentor).exists()
    assert not RapportAnswer.objects.filter(participant=mentor).exists()
    assert RapportAnswer.objects.filter(participant=mentee).exists()
    assert not AgreementSignature.objects.filter(participant=mentor).exists()
    assert AgreementSignature.objects.filter(participant=mentee).exists()
    concern = Concern.objects.get(pk=made["concern"].pk)
    assert concern.message == REMOVED and concern.raised_by_id == mentor.pk
    # Meetings: counts, dates and durations stay; the summaries the mentor logged go, the mentee's stay.
    meetings = Meeting.objects.filter(pairing=pairing).order_by("held_on")
    assert [(m.held_on, m.duration_minutes) for m in meetings] == [
        (m.held_on, m.duration_minutes) for m in made["meetings"]
    ]
    assert all(m.summary == "" for m in meetings if m.logged_by_id == mentor.pk)
    assert all(m.summary for m in meetings if m.logged_by_id == mentee.pk)
    assert not Reflection.objects.filter(author=mentor).exists()
    assert list(Reflection.objects.filter(author=mentee).values_list("text", flat=True)) == [MENTEE_REFLECTION] * 3
    # Actions: the mentor's text goes, the mentee's stays; both still count.
    assert Action.objects.get(pk=made["mentor_action"].pk).description == REMOVED
    assert Action.objects.get(pk=made["mentee_action"].pk).description == "Change the interview panel"
    assert Outcome.objects.filter(title="Mixed panels").exists()
    scheduled = ScheduledMeeting.objects.get(pairing=pairing)
    assert scheduled.place == "" and scheduled.cancelled
    assert Nudge.objects.filter(pairing=pairing).exists()
    # Evaluation: the invitation's "used" feeds the response rate; the anonymous answer cannot be found and stays.
    assert Invitation.objects.get(participant=mentor).used
    assert Response.objects.filter(pk=made["response"].pk).exists()
    assert Answer.objects.filter(text=SURVEY_ANSWER).exists()
    # A named testimonial is the person's own words under their name: it goes, and no report shows it again.
    assert not Testimonial.objects.filter(participant=mentor).exists()
    assert CompletionDecision.objects.filter(participant=mentor, completed=True).exists()  # no text: a count
    assert Certificate.objects.filter(participant=mentor).exists()
    # The audit log says it happened, with no values.
    event = AuditEvent.objects.get(action=AuditEvent.Action.ERASED_PERSON)
    assert event.target_user_id == user.pk and event.programme_id == world.programme.pk
    assert old_email not in event.detail


def test_erasing_the_mentee_removes_their_learning_topics_and_ends_nothing_twice(world):
    fill(world)
    mentee = world.objects["mentee"]
    person_erase(user=mentee.user, actor=world.users["lead"])
    assert not LearningTopic.objects.filter(participant=mentee).exists()
    assert Reflection.objects.filter(author=world.objects["mentor"]).exists()  # the mentor's notes stay theirs


def test_the_only_lead_of_a_programme_cannot_erase_themselves_until_another_lead_is_named(world):
    ProgrammeRole.objects.filter(user=world.users["co_lead"]).delete()
    with pytest.raises(ValidationError, match="only lead"):
        person_erase(user=world.users["lead"], actor=world.users["lead"])
    assert User.objects.get(pk=world.users["lead"].pk).is_active


def test_a_participant_erases_themselves_after_confirming_and_is_signed_out(world):
    fill(world)
    client = world.client_for("mentor")
    page = client.get(reverse("privacy:erase")).content.decode()
    assert "cannot be found" in page and "partner" in page  # what stays, and why
    response = client.post(reverse("privacy:erase"), {})
    assert "Tick the box" in response.content.decode()
    assert User.objects.get(pk=world.users["mentor"].pk).is_active
    response = client.post(reverse("privacy:erase"), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("privacy:erased")
    assert not User.objects.get(pk=world.users["mentor"].pk).is_active
    assert client.get(reverse("privacy:my_data")).status_code == 302  # signed out


def test_a_lead_erases_a_participant_of_their_programme_at_their_request(world):
    fill(world)
    client = world.client_for("lead")
    url = reverse("privacy:lead_erase", args=[world.objects["mentor"].pk])
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert User.objects.get(pk=world.users["mentor"].pk).name == ERASED_NAME
    assert AuditEvent.objects.get(action=AuditEvent.Action.ERASED_PERSON).actor == world.users["lead"]
    assert client.get(url).context["blockers"] == ["This person's data has already been erased."]


def test_only_the_programmes_leads_can_erase_a_participant(world):
    url = reverse("privacy:lead_erase", args=[world.objects["mentor"].pk])
    world.assert_only(url, {"lead": None, "co_lead": None}, method="post", data={"confirm": "on"})
    assert User.objects.get(pk=world.users["mentor"].pk).is_active


def test_a_lead_cannot_erase_someone_who_also_takes_part_in_a_programme_they_do_not_lead(world):
    mentor = world.objects["mentor"]
    other = world.objects["other_programme_participant"]
    Participant.objects.create(cohort=other.cohort, user=mentor.user, role=Participant.Role.MENTOR)
    client = world.client_for("lead")
    url = reverse("privacy:lead_erase", args=[mentor.pk])
    assert "programme you do not lead" in client.get(url).content.decode()
    client.post(url, {"confirm": "on"})
    assert User.objects.get(pk=mentor.user_id).is_active


def test_the_lead_participant_page_links_to_erasure(world):
    page = world.client_for("lead").get(reverse("programmes:participant", args=[world.objects["mentor"].pk]))
    assert reverse("privacy:lead_erase", args=[world.objects["mentor"].pk]) in page.content.decode()


def test_a_failure_half_way_leaves_everything_as_it_was(world, monkeypatch):
    fill(world)
    mentor = world.objects["mentor"]

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("privacy.services._anonymise_account", broken)
    with pytest.raises(RuntimeError):
        person_erase(user=mentor.user, actor=mentor.user)
    mentor.refresh_from_db()
    assert mentor.objectives == "Help leaders listen"
    assert Reflection.objects.filter(author=mentor).exists()


def test_a_co_lead_who_erases_themselves_leaves_a_trace_in_their_programmes_audit_log(world):
    co_lead = world.users["co_lead"]
    person_erase(user=co_lead, actor=co_lead)
    assert not ProgrammeRole.objects.filter(user=co_lead).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.ERASED_PERSON)
    assert event.programme_id == world.programme.pk and event.actor_id == co_lead.pk


def test_after_erasure_no_row_of_any_model_still_holds_the_persons_words_or_details(world):
    """A generic sweep, so a model added later that copies a person's details is caught too."""
    from django.apps import apps
    from django.db import models as m

    fill(world)
    mentor = world.objects["mentor"]
    markers = [mentor.user.email, mentor.user.name, MENTOR_SECRET, MENTOR_REFLECTION, "Help leaders listen",
               "boss@example.org", "My health", "My mentee cancelled twice", "Share the network's report",
               "We talked about recruitment (0)", "Thoughtful after training", "Derby", MENTOR_TESTIMONIAL,
               "Constable, Response"]  # fmt: skip
    person_erase(user=mentor.user, actor=mentor.user)
    found = []
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, m.CharField | m.TextField)]
        fields += [f.attname for f in model._meta.concrete_fields if isinstance(f, m.JSONField)]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            text = " ".join(str(value) for value in row)
            found += [(model._meta.label, marker) for marker in markers if marker in text]
    assert not found
