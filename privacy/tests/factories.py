"""A pairing with something in every model that can hold a person's data, for export, erasure and purge tests."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from evaluation.models import (
    Answer,
    Certificate,
    CompletionDecision,
    Invitation,
    Question,
    Response,
    Survey,
    Testimonial,
)
from matching.models import AgreementSignature, Concern, Exclusion, MatchRun, ProposedPair, RapportAnswer, Unmatched
from meetings.models import Action, Meeting, Nudge, Outcome, Reflection, ScheduledMeeting
from notifications.models import EmailPreference, Notification
from programmes.models import Attendance, ConsentEvent, Event, LearningTopic, Participant

MENTOR_SECRET = "Grew up in a Traveller family"
MENTOR_REFLECTION = "I felt nervous talking about my family"
MENTEE_REFLECTION = "I had not realised how often this happens"
SURVEY_ANSWER = "The conversations were honest and useful"
MENTOR_TESTIMONIAL = "My mentee now sits on our network's steering group"


def fill(world, meetings: int = 2) -> dict:
    """Give the world's pairing (mentor + mentee) a full history; returns the objects made."""
    mentor, mentee, pairing = world.objects["mentor"], world.objects["mentee"], world.objects["pairing"]
    cohort, topic, lead = world.cohort, world.objects["topic"], world.users["lead"]
    today = datetime.date(2026, 10, 1)

    mentor.objectives, mentor.location, mentor.line_manager_email = "Help leaders listen", "Derby", "boss@example.org"
    mentor.availability, mentor.lead_note = ["mon_am"], "Thoughtful after training"
    mentor.consent_given_at, mentor.consent_version, mentor.shared_text = timezone.now(), 1, MENTOR_SECRET
    mentor.avoid_text = "My health"
    mentor.save()
    mentor.shared_topics.add(topic)
    mentor.avoid_topics.add(topic)
    mentee.objectives = "Understand barriers to promotion"
    mentee.save()
    ConsentEvent.objects.create(participant=mentor, action=ConsentEvent.Action.GIVEN, notice_version=1)
    LearningTopic.objects.create(participant=mentee, topic=topic, priority=1)
    event = Event.objects.create(
        cohort=cohort, kind=Event.Kind.PEER_SUPPORT, title="Peer support", starts_at=timezone.now(), notes="Mentors met"
    )
    Attendance.objects.create(event=event, participant=mentor, reply=Attendance.Reply.YES, attended=True)

    run = MatchRun.objects.create(cohort=cohort, created_by=lead)
    ProposedPair.objects.create(run=run, mentor=mentor, mentee=mentee, explanation="shares Race")
    Unmatched.objects.create(run=run, participant=world.objects["other_mentor"], reason="no mentee left")
    Exclusion.objects.create(cohort=cohort, mentor=mentor, mentee=world.objects["other_pair"], created_by=lead)
    pairing.explanation, pairing.end_reason = "shares 1 of 1 learning topics", ""
    pairing.save()
    RapportAnswer.objects.create(pairing=pairing, participant=mentor, wants_to_continue=True)
    RapportAnswer.objects.create(pairing=pairing, participant=mentee, wants_to_continue=True)
    AgreementSignature.objects.create(pairing=pairing, participant=mentor, version=1, text="We keep it confidential")
    AgreementSignature.objects.create(pairing=pairing, participant=mentee, version=1, text="We keep it confidential")
    concern = Concern.objects.create(pairing=pairing, raised_by=mentor, message="My mentee cancelled twice")

    made = []
    for number in range(meetings):
        meeting = Meeting.objects.create(
            pairing=pairing,
            logged_by=mentor if number % 2 == 0 else mentee,
            held_on=today + datetime.timedelta(days=14 * number),
            duration_minutes=60 + number,
            format=Meeting.Format.IN_PERSON,
            summary=f"We talked about recruitment ({number})",
        )
        meeting.topics.add(topic)
        Reflection.objects.create(meeting=meeting, author=mentor, text=MENTOR_REFLECTION)
        Reflection.objects.create(meeting=meeting, author=mentee, text=MENTEE_REFLECTION)
        made.append(meeting)
    mentor_action = Action.objects.create(
        pairing=pairing, meeting=made[0], description="Share the network's report", owner=Action.Owner.MENTOR
    )
    mentee_action = Action.objects.create(
        pairing=pairing,
        meeting=made[0],
        description="Change the interview panel",
        owner=Action.Owner.MENTEE,
        outcome="Panels now mixed",
        outcome_shared=True,
    )
    Outcome.objects.create(
        programme=world.programme, cohort=cohort, action=mentee_action, title="Mixed panels", achieved_on=today,
        created_by=lead,
    )  # fmt: skip
    ScheduledMeeting.objects.create(
        pairing=pairing, starts_at=timezone.now() + datetime.timedelta(days=7), place="Room 4", created_by=mentor
    )
    Nudge.objects.create(pairing=pairing, number=1, since=today, sent_on=today)

    survey = Survey.objects.create(cohort=cohort, title="End of programme", status=Survey.Status.OPEN)
    question = Question.objects.create(survey=survey, text="What went well?", kind="text", theme="conversations")
    Invitation.objects.create(survey=survey, participant=mentor, token_hash="a" * 64, used=True)
    Invitation.objects.create(survey=survey, participant=mentee, token_hash="b" * 64, used=False)
    response = Response.objects.create(survey=survey, role=Response.Role.MENTOR)
    Answer.objects.create(response=response, question=question, text=SURVEY_ANSWER)
    Certificate.objects.create(participant=mentor, issued_on=today, issued_by=lead)
    CompletionDecision.objects.create(participant=mentor, completed=True, decided_by=lead, decided_at=timezone.now())
    Testimonial.objects.create(
        participant=mentor, text=MENTOR_TESTIMONIAL, shown_name=mentor.user.name, job_title="Constable, Response",
        consent_at=timezone.now(), status=Testimonial.Status.APPROVED, decided_by=lead, decided_at=timezone.now(),
    )  # fmt: skip
    Notification.objects.create(
        kind="invitation",
        recipient=mentor.user,
        subject_type=ContentType.objects.get_for_model(Participant),
        subject_id=mentor.pk,
        link="/applications/1/",
    )
    EmailPreference.objects.create(user=mentor.user, kind="nudge", enabled=False)
    return {
        "event": event,
        "run": run,
        "concern": concern,
        "meetings": made,
        "mentor_action": mentor_action,
        "mentee_action": mentee_action,
        "survey": survey,
        "response": response,
    }
