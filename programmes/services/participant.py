"""Changes a participant makes to their own application."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from programmes.eligibility import cohort_ineligibility
from programmes.models import Cohort, ConsentEvent, LearningTopic, Membership, Participant
from programmes.services.events import participants_join_events


@transaction.atomic
def participant_express_interest(*, cohort: Cohort, user, role: str) -> Participant:
    """Join a recruiting cohort as mentor or mentee (status applied), once per cohort, if eligible."""
    if cohort.status != Cohort.Status.RECRUITING:
        raise ValidationError("This cohort is not recruiting.")
    reason = cohort_ineligibility(cohort, role=role)
    if reason:
        raise ValidationError(reason)
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                cohort=cohort, user=user, role=role, status=Participant.Status.APPLIED
            )
    except IntegrityError:
        raise ValidationError("You have already applied to this cohort.") from None
    # Events arranged before they applied (a briefing for applicants) are theirs too.
    participants_join_events(participants=Participant.objects.filter(pk=participant.pk))
    return participant


@transaction.atomic
def participant_save_application(*, participant: Participant, form) -> Participant:
    """Save the profile; a complete profile moves an invitation to an application.

    Saving it accepts an invitation: only now does the person join the organisation's staff list in Remento, and
    the name and email the lead typed give way to the person's own.
    """
    participant = form.save(commit=False)
    participant.profile_completed_at = participant.profile_completed_at or timezone.now()
    accepting_invitation = participant.status == Participant.Status.INVITED
    if accepting_invitation:
        participant.status = Participant.Status.APPLIED
    if participant.awaiting_acceptance:
        Membership.objects.get_or_create(organisation=participant.cohort.programme.organisation, user=participant.user)
        participant.invited_name = participant.invited_email = ""
    participant.save()
    if accepting_invitation:
        participants_join_events(participants=Participant.objects.filter(pk=participant.pk))
    form.save_m2m()
    if participant.role == Participant.Role.MENTEE:
        participant.learning_topics.all().delete()
        LearningTopic.objects.bulk_create(
            LearningTopic(participant=participant, topic=topic, priority=priority)
            for priority, topic in enumerate(form.learning_topics(), start=1)
        )
    return participant


@transaction.atomic
def participant_save_disclosures(*, participant: Participant, form, consent: bool) -> Participant:
    """Store special-category answers only with consent, recording the notice version shown."""
    version = participant.cohort.programme.organisation.privacy_notice_version
    if not consent:
        return participant_withdraw_consent(participant=participant) if participant.consent_given_at else participant
    participant = form.save(commit=False)
    if not participant.consent_given_at or participant.consent_version != version:
        participant.consent_given_at, participant.consent_version = timezone.now(), version
        ConsentEvent.objects.create(participant=participant, action=ConsentEvent.Action.GIVEN, notice_version=version)
    participant.save()
    form.save_m2m()
    return participant


@transaction.atomic
def participant_withdraw_consent(*, participant: Participant) -> Participant:
    """Withdrawing consent removes every special-category answer at once."""
    participant.shared_topics.clear()
    participant.avoid_topics.clear()
    participant.shared_text = participant.avoid_text = ""
    participant.shared_prefer_not_to_say = participant.avoid_prefer_not_to_say = False
    participant.disclosure_visibility = participant.avoid_visibility = Participant.Visibility.LEADS
    version = participant.consent_version or participant.cohort.programme.organisation.privacy_notice_version
    participant.consent_given_at = participant.consent_version = None
    participant.save()
    ConsentEvent.objects.create(participant=participant, action=ConsentEvent.Action.WITHDRAWN, notice_version=version)
    return participant
