"""Changes a programme lead makes to cohorts and their participants."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.services import user_get_or_invite
from notifications.services import notification_queue
from programmes.lifecycle import blocker, next_status
from programmes.models import (
    Cohort,
    MeetingGuideItem,
    Participant,
    Programme,
    ProgrammeRole,
)
from programmes.selectors_leads import cohort_facts, trained
from programmes.services.events import participants_join_events


@transaction.atomic
def cohort_create(*, programme, name: str, starts_on=None, ends_on=None) -> Cohort:
    """A new cohort starts as a draft."""
    cohort = Cohort(programme=programme, name=name, starts_on=starts_on, ends_on=ends_on)
    cohort.full_clean()
    cohort.save()
    return cohort


@transaction.atomic
def cohort_advance(*, cohort_id: int) -> Cohort:
    """Move a cohort to its next stage, only when its guard allows (checked under a row lock)."""
    cohort = Cohort.objects.select_for_update().select_related("programme").get(pk=cohort_id)
    reason = blocker(cohort_facts(cohort))
    if reason:
        raise ValidationError(reason)
    cohort.status = next_status(cohort.status)
    if cohort.status == Cohort.Status.CLOSED:
        cohort.closed_at = timezone.now()
    cohort.save(update_fields=["status", "closed_at"])
    return cohort


@transaction.atomic
def cohort_record_next_steps(*, cohort: Cohort, decision: str, notes: str, options: list | None = None) -> Cohort:
    """The steering group's decision for after this cohort (continue, roll out, discontinue, other).

    `options` are the courses of action it weighed; the one chosen is always among them.
    """
    options = [value for value in Cohort.NextSteps.values if value in set(options or []) | {decision}]
    cohort.next_steps, cohort.next_steps_notes, cohort.next_steps_options = decision, notes, options
    cohort.full_clean()
    cohort.save(update_fields=["next_steps", "next_steps_notes", "next_steps_options"])
    return cohort


BULK_ACTIONS = {
    "accept": {"status": Participant.Status.ACCEPTED},
    "decline": {"status": Participant.Status.DECLINED},
    "withdraw": {"status": Participant.Status.WITHDRAWN},
    "ready": {"ready_to_match": True},
    "not_ready": {"ready_to_match": False},
}


# A lead may not accept, or ready for matching, someone who has not yet accepted their invitation.
FOR_THOSE_WHO_ACCEPTED = {"accept", "ready"}


@transaction.atomic
def participants_bulk_update(*, cohort: Cohort, participant_ids: list[int], action: str) -> int:
    """Apply one roster action to many participants of this cohort; ids from elsewhere change nothing.

    Accepting and readying leave out people still to accept their invitation: nobody is taken into a cohort, or
    matched, on the strength of an address a lead typed. Someone accepted (back) into the cohort is invited to its
    coming events, as everyone in their audience is.
    """
    participants = cohort.participants.filter(pk__in=participant_ids)
    if action in FOR_THOSE_WHO_ACCEPTED:
        participants = participants.filter(invited_email="")
    changed = participants.update(**BULK_ACTIONS[action])
    if action == "accept":
        participants_join_events(participants=participants)
    return changed


@transaction.atomic
def invitations_send(*, cohort: Cohort, rows: list) -> list[Participant]:
    """Invite people to a cohort: accounts are created or reused, each person emailed once.

    New accounts have no password: people sign in with an emailed code. The
    notification key (invitation, person, participant) means a repeated upload
    sends nothing twice. An address may already have an account, perhaps in
    another organisation: the invitation keeps the name and email the lead
    typed, which is all the leads see, and nobody joins the organisation until
    they accept (participant_save_application).
    """
    invited = []
    for row in rows:
        user = user_get_or_invite(email=row.email, name=row.name)
        participant, _ = Participant.objects.get_or_create(
            cohort=cohort,
            user=user,
            defaults={
                "role": row.role,
                "status": Participant.Status.INVITED,
                "invited_name": row.name,
                "invited_email": row.email,
                "grade": row.grade,
                "directorate": row.directorate,
            },
        )
        notification_queue(
            kind="invitation",
            recipient=user,
            subject=participant,
            link=reverse("programmes:apply", args=[participant.pk]),
        )
        invited.append(participant)
    # Invited after the cohort's events were arranged: they are invited to those too, one email each.
    participants_join_events(participants=Participant.objects.filter(pk__in=[p.pk for p in invited]))
    return invited


@transaction.atomic
def participant_judge(*, participant: Participant, ready_to_match: bool, lead_note: str) -> Participant:
    """The lead's judgement of suitability after training, with a note only leads see."""
    participant.ready_to_match, participant.lead_note = ready_to_match, lead_note
    participant.save(update_fields=["ready_to_match", "lead_note"])
    return participant


@transaction.atomic
def programme_update(*, form) -> Programme:
    """Save programme settings; changed agreement text is a new version that partners sign again."""
    before = Programme.objects.select_for_update().get(pk=form.instance.pk).agreement_text
    programme = form.save(commit=False)
    if programme.agreement_text.strip() != before.strip():
        programme.agreement_version += 1
    programme.save()
    form.save_m2m()
    return programme


class RoleError(Exception):
    pass


@transaction.atomic
def programme_role_add(*, programme, user, role: str, actor=None):
    """Give a programme role; the audit log records who gave which role to whom."""
    programme_role, created = ProgrammeRole.objects.get_or_create(programme=programme, user=user, role=role)
    if created:
        audit.record(
            actor=actor, action=audit.ROLE_ADDED, target_user=user, programme_id=programme.pk, detail=f"role: {role}"
        )
    return programme_role


@transaction.atomic
def programme_role_remove(*, programme, role_id: int, actor=None) -> None:
    """Remove a co-lead or steering member; a programme always keeps at least one lead."""
    roles = ProgrammeRole.objects.select_for_update().filter(programme=programme)
    role = roles.get(pk=role_id)
    if role.role == ProgrammeRole.Role.LEAD and roles.filter(role=ProgrammeRole.Role.LEAD).count() == 1:
        raise RoleError("A programme needs at least one lead. Add another lead before removing this one.")
    role.delete()
    audit.record(
        actor=actor,
        action=audit.ROLE_REMOVED,
        target_user=role.user_id,
        programme_id=programme.pk,
        detail=f"role: {role.role}",
    )


@transaction.atomic
def meeting_guide_set(*, programme, meeting_number: int, agenda: str):
    return MeetingGuideItem.objects.update_or_create(
        programme=programme, meeting_number=meeting_number, defaults={"agenda": agenda}
    )[0]


@transaction.atomic
def cohort_continue(*, cohort: Cohort, name: str, starts_on=None, ends_on=None) -> tuple[Cohort, int]:
    """Start the next cohort from a closed one, carrying people over as accepted.

    Carried: everyone who said they wish to continue, and mentors who were
    accepted and trained but never paired (DHSC trained extra mentors for later
    growth); a mentor who was paired comes only if they said so. Pairs are not
    carried as pairs: the next match decides, and earlier pairs are allowed
    again only if the lead says so. Their profile comes with them;
    special-category answers and consent do not: consent is given per cohort,
    so people are asked again.
    """
    if cohort.status != Cohort.Status.CLOSED:
        raise ValidationError("Only a closed cohort can be continued.")
    new = cohort_create(programme=cohort.programme, name=name, starts_on=starts_on, ends_on=ends_on)
    new.continued_from = cohort
    new.save(update_fields=["continued_from"])
    # Through the reverse relation: programmes does not import matching.
    paired = Exists(cohort.pairings.filter(mentor=OuterRef("pk")))
    carried = (
        cohort.participants.annotate(trained=trained(), paired=paired)
        .filter(
            Q(wishes_to_continue=True)
            | Q(role=Participant.Role.MENTOR, status=Participant.Status.ACCEPTED, trained=True, paired=False)
        )
        .exclude(status__in=[Participant.Status.DECLINED, Participant.Status.WITHDRAWN])
        .prefetch_related("networks")
    )
    copied = 0
    for old in carried:
        participant = Participant.objects.create(
            cohort=new,
            user_id=old.user_id,
            role=old.role,
            status=Participant.Status.ACCEPTED,
            grade_id=old.grade_id,
            directorate_id=old.directorate_id,
            line_manager_email=old.line_manager_email,
            objectives=old.objectives,
            availability=old.availability,
            meeting_format=old.meeting_format,
            location=old.location,
            capacity=old.capacity,
            profile_completed_at=old.profile_completed_at,
        )
        participant.networks.set(old.networks.all())
        copied += 1
    return new, copied


@transaction.atomic
def participant_set_continue(*, participant: Participant, wishes: bool) -> Participant:
    participant.wishes_to_continue = wishes
    participant.save(update_fields=["wishes_to_continue"])
    return participant
