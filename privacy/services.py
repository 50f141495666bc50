"""Erasure and the retention purge: personal data goes, anonymous aggregates stay.

What each does, model by model (the tests assert each line). "Erase" is one
person on request; "purge" is a closed cohort past its retention period.

- User. Erase: name and email replaced, password unusable, inactive (so every
  session ends); the row stays, so pairings still say which accounts were
  paired (the "not paired before" rule). Purge: the account is not the
  cohort's and stays; unpaired participants move to an erased placeholder
  account, so only paired accounts stay linked to the cohort.
- EmailAddress, Membership, ProgrammeRole, EmailPreference, MFA authenticators.
  Erase: deleted. Purge: untouched (they are the account's, not the cohort's).
- Notification. Erase: every one to the person deleted. Purge: those about the
  cohort's people, pairs, meetings, events and surveys deleted.
- Participant. Both: kept for counts by role; profile, disclosures, lead's note,
  grade, directorate and networks blanked. Erase also withdraws live applications.
- ConsentEvent, LearningTopic, RapportAnswer, AgreementSignature. Both: deleted.
- Pairing. Both: kept (status, dates); explanation and end reason blanked.
  Erase ends a current pairing.
- Meeting. Both: kept (date, duration, format, activity, topics). Erase blanks
  the summaries the person logged; purge blanks every summary.
- Reflection. Erase: theirs deleted, the partner's stay the partner's. Purge: all deleted.
- Action. Erase: texts of the actions they owned become "[removed]". Purge: all of them.
  Status, dates and whether an outcome was reported stay (action counts on the dashboard).
- ScheduledMeeting. Both: place blanked; erase cancels future ones.
- Concern. Both: message becomes "[removed]"; that a concern was raised stays.
- ProposedPair, Unmatched. Both: explanations and reasons blanked.
- Event. Purge blanks peer-support notes; erase leaves the lead's session notes.
- Invitation, Attendance, Certificate, Nudge, Exclusion, MatchRun. Kept: no
  text; they feed response rates and counts.
- Survey Response and Answer. Untouched: nobody can link them to a person.
- AuditEvent. Kept: ids and actions, never values (append-only).
"""

import logging

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from accounts import audit
from accounts.models import User
from evaluation.models import Invitation, Survey
from matching.models import AgreementSignature, Concern, Pairing, ProposedPair, RapportAnswer, Unmatched
from meetings.models import Action, Meeting, Reflection, ScheduledMeeting
from notifications.models import EmailPreference, Notification
from privacy.models import CohortPurge
from programmes.models import (
    Attendance,
    Cohort,
    ConsentEvent,
    Event,
    LearningTopic,
    Membership,
    Participant,
    ProgrammeRole,
)

logger = logging.getLogger(__name__)

ERASED_NAME = "Erased person"
# Free text that is removed but whose presence counts (an action's reported outcome, a concern) becomes this,
# so "actions closed with an outcome" and similar figures do not change.
REMOVED = "[removed]"
LIVE = [Participant.Status.INVITED, Participant.Status.APPLIED, Participant.Status.ACCEPTED]


def erase_blockers(*, user) -> list[str]:
    """Reasons this account cannot be erased yet, in words for the person."""
    other_leads = ProgrammeRole.objects.filter(programme=OuterRef("programme"), role=ProgrammeRole.Role.LEAD).exclude(
        user=user
    )
    sole = (
        ProgrammeRole.objects.filter(user=user, role=ProgrammeRole.Role.LEAD)
        .exclude(Exists(other_leads))
        .select_related("programme")
    )
    return [
        f"You are the only lead of “{role.programme.name}”. Add another lead on the programme's People page "
        "first, so the programme is not left without one."
        for role in sole
    ]


def _scrub_participants(participants) -> int:
    """Blank every personal field of these participants and delete what hangs off them; returns texts blanked."""
    ids = list(participants.values_list("pk", flat=True))
    for m2m in ("networks", "shared_topics", "avoid_topics"):
        getattr(Participant, m2m).through.objects.filter(participant_id__in=ids).delete()
    LearningTopic.objects.filter(participant_id__in=ids).delete()
    ConsentEvent.objects.filter(participant_id__in=ids).delete()
    RapportAnswer.objects.filter(participant_id__in=ids).delete()
    AgreementSignature.objects.filter(participant_id__in=ids).delete()
    blanked = Participant.objects.filter(pk__in=ids).update(
        invited_name="",
        invited_email="",
        grade=None,
        directorate=None,
        line_manager_email="",
        objectives="",
        availability=[],
        location="",
        lead_note="",
        consent_given_at=None,
        consent_version=None,
        shared_text="",
        shared_prefer_not_to_say=False,
        avoid_text="",
        avoid_prefer_not_to_say=False,
        disclosure_visibility=Participant.Visibility.LEADS,
        avoid_visibility=Participant.Visibility.LEADS,
    )
    blanked += Concern.objects.filter(raised_by_id__in=ids).update(message=REMOVED)
    mine = Q(mentor_id__in=ids) | Q(mentee_id__in=ids)
    blanked += ProposedPair.objects.filter(mine).update(explanation="", broken_rules="", reason="")
    blanked += Unmatched.objects.filter(participant_id__in=ids).update(reason="")
    blanked += Pairing.objects.filter(mine).update(explanation="", end_reason="")
    return blanked


def _remove_action_texts(actions) -> int:
    """An action's words go; whether an outcome was reported stays (the dashboard counts closed actions)."""
    return actions.update(description=REMOVED, outcome=Case(When(outcome="", then=Value("")), default=Value(REMOVED)))


def _anonymise_account(user) -> None:
    user.name = ERASED_NAME
    user.email = f"erased-{user.pk}@erased.invalid"
    user.is_active = False
    user.is_staff = user.is_superuser = False
    # A new (unusable) password changes the session hash, so every session of the account ends.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


@transaction.atomic
def person_erase(*, user, actor) -> None:
    """Erase a person: their personal data and free text go; anonymous aggregates and the partner's notes stay.

    One transaction: a failure half-way leaves everything as it was.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    reasons = erase_blockers(user=user)
    if reasons:
        raise ValidationError(reasons)
    participants = Participant.objects.filter(user=user)
    # Each programme they took part in or held a role in sees the erasure in its audit log.
    programme_ids = sorted(
        set(participants.values_list("cohort__programme_id", flat=True))
        | set(ProgrammeRole.objects.filter(user=user).values_list("programme_id", flat=True))
    )
    ids = list(participants.values_list("pk", flat=True))

    _scrub_participants(participants)
    Participant.objects.filter(pk__in=ids, status__in=LIVE).exclude(cohort__status=Cohort.Status.CLOSED).update(
        status=Participant.Status.WITHDRAWN
    )
    Reflection.objects.filter(author_id__in=ids).delete()
    Meeting.objects.filter(logged_by_id__in=ids).update(summary="")
    pairings = Pairing.objects.filter(Q(mentor_id__in=ids) | Q(mentee_id__in=ids))
    owned = Q(pairing__mentor_id__in=ids, owner=Action.Owner.MENTOR)
    owned |= Q(pairing__mentee_id__in=ids, owner=Action.Owner.MENTEE)
    _remove_action_texts(Action.objects.filter(owned))
    ScheduledMeeting.objects.filter(pairing__in=pairings).update(place="")
    ScheduledMeeting.objects.filter(pairing__in=pairings, starts_at__gt=timezone.now()).update(cancelled=True)
    pairings.filter(status__in=Pairing.CURRENT).update(status=Pairing.Status.ENDED, ended_at=timezone.now())

    EmailAddress.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()
    ProgrammeRole.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    EmailPreference.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    _anonymise_account(user)

    detail = f"account {user.pk}"
    for programme_id in programme_ids or [None]:
        audit.record(
            actor=actor, action=audit.ERASED_PERSON, target_user=user, programme_id=programme_id, detail=detail
        )


def cohorts_due_for_purge(*, now=None) -> list[int]:
    """Closed cohorts whose organisation's retention period has passed and that are not purged yet."""
    now = now or timezone.now()
    cohorts = Cohort.objects.filter(
        status=Cohort.Status.CLOSED, closed_at__isnull=False, purge__isnull=True
    ).select_related("programme__organisation")
    return [
        c.pk for c in cohorts if c.closed_at + timezone.timedelta(days=c.programme.organisation.retention_days) <= now
    ]


def _delete_cohort_notifications(cohort, pairings) -> None:
    """Email history about this cohort's people and pairs goes too: it would tie accounts to the cohort."""
    subjects = [
        (Participant, cohort.participants.all()),
        (Pairing, pairings),
        (Concern, Concern.objects.filter(pairing__in=pairings)),
        (Meeting, Meeting.objects.filter(pairing__in=pairings)),
        (Action, Action.objects.filter(pairing__in=pairings)),
        (ScheduledMeeting, ScheduledMeeting.objects.filter(pairing__in=pairings)),
        (Event, cohort.events.all()),
        (Attendance, Attendance.objects.filter(event__cohort=cohort)),
        (Survey, Survey.objects.filter(cohort=cohort)),
        (Invitation, Invitation.objects.filter(survey__cohort=cohort)),
    ]
    for model, queryset in subjects:
        Notification.objects.filter(
            subject_type=ContentType.objects.get_for_model(model), subject_id__in=queryset.values("pk")
        ).delete()


@transaction.atomic
def cohort_purge(*, cohort_id: int) -> CohortPurge | None:
    """Purge a closed cohort's personal data once; a second run changes nothing and returns None.

    Kept for cohort comparisons: participants (role, status), pairings (status, dates), meetings
    (dates, durations, format, activity, topics), action counts and statuses, attendance, invitations
    used, survey responses. Kept for the "not paired before" rule: which accounts were paired (the
    paired participants keep their account; everyone else moves to an erased placeholder account).
    """
    cohort = Cohort.objects.select_for_update().get(pk=cohort_id)
    if CohortPurge.objects.filter(cohort=cohort).exists():
        return None
    participants = cohort.participants.all()
    blanked = _scrub_participants(participants)
    pairings = Pairing.objects.filter(cohort=cohort)
    reflections, _ = Reflection.objects.filter(meeting__pairing__in=pairings).delete()
    blanked += Meeting.objects.filter(pairing__in=pairings).exclude(summary="").update(summary="")
    blanked += _remove_action_texts(Action.objects.filter(pairing__in=pairings))
    blanked += ScheduledMeeting.objects.filter(pairing__in=pairings).update(place="")
    blanked += cohort.events.exclude(notes="").update(notes="")

    _delete_cohort_notifications(cohort, pairings)

    paired = Q(pairings_as_mentor__isnull=False) | Q(pairings_as_mentee__isnull=False)
    unpaired = list(cohort.participants.exclude(paired).distinct())
    placeholders = User.objects.bulk_create(
        User(
            email=f"purged-participant-{participant.pk}@erased.invalid",
            name=ERASED_NAME,
            is_active=False,
            password=make_password(None),  # unusable, as create_user(password=None) makes it
        )
        for participant in unpaired
    )
    for participant, placeholder in zip(unpaired, placeholders, strict=True):
        participant.user = placeholder
    Participant.objects.bulk_update(unpaired, ["user"])

    purge = CohortPurge.objects.create(
        cohort=cohort, participants=participants.count(), reflections_deleted=reflections, texts_blanked=blanked
    )
    audit.record(
        actor=None, action=audit.RETENTION_PURGE, programme_id=cohort.programme_id, detail=f"cohort {cohort.pk}"
    )
    logger.info(
        "retention purge: cohort %s: %s participants, %s reflections deleted, %s texts blanked",
        cohort.pk,
        purge.participants,
        purge.reflections_deleted,
        purge.texts_blanked,
    )
    return purge
