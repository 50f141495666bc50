"""Changes a programme lead makes to cohorts and their participants."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
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

ELIGIBILITY = ("mentor_max_level", "mentee_min_level")


@transaction.atomic
def cohort_create(
    *,
    programme,
    name: str,
    starts_on=None,
    ends_on=None,
    own_eligibility: bool = False,
    mentor_max_level: int | None = None,
    mentee_min_level: int | None = None,
    mentor_networks=(),
) -> Cohort:
    """A new cohort starts as a draft, with the programme's rule on who may take part or its own."""
    cohort = Cohort(
        programme=programme,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        own_eligibility=own_eligibility,
        mentor_max_level=mentor_max_level if own_eligibility else None,
        mentee_min_level=mentee_min_level if own_eligibility else None,
    )
    cohort.full_clean()
    cohort.save()
    if own_eligibility:
        cohort.mentor_networks.set(mentor_networks)
    return cohort


@transaction.atomic
def cohort_update(*, form) -> Cohort:
    """Save a cohort's name, dates and rule on who may take part.

    The rule can change only while the cohort is a draft or recruiting (the form disables it afterwards):
    from matching on, its people were judged by it.
    """
    locked = Cohort.objects.select_for_update().get(pk=form.instance.pk)
    cohort = form.save(commit=False)
    if locked.status not in (Cohort.Status.DRAFT, Cohort.Status.RECRUITING):
        cohort.own_eligibility = locked.own_eligibility
        cohort.mentor_max_level, cohort.mentee_min_level = locked.mentor_max_level, locked.mentee_min_level
        cohort.save()
        return cohort
    cohort.save()
    form.save_m2m()
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


# Cohorts whose people have been judged by the eligibility rule: they keep it when the programme's changes.
JUDGED = (Cohort.Status.MATCHING, Cohort.Status.ACTIVE, Cohort.Status.EVALUATING, Cohort.Status.CLOSED)


@transaction.atomic
def programme_update(*, form) -> Programme:
    """Save programme settings.

    Changed agreement text is a new version that partners sign again; the first text written over the empty
    one a programme starts with is version 1, not 2 (emptying a text moves the version on, so whatever is
    written next already has a fresh number). A changed rule on who may take part applies to draft and
    recruiting cohorts; cohorts past recruitment that followed the programme keep the rule they were judged
    by, stored on the cohort.
    """
    before = Programme.objects.select_for_update().get(pk=form.instance.pk)
    before_networks = set(before.mentor_networks.values_list("pk", flat=True))
    programme = form.save(commit=False)
    if before.agreement_text.strip() and programme.agreement_text.strip() != before.agreement_text.strip():
        programme.agreement_version += 1
    programme.save()
    form.save_m2m()
    if programme.rapport_check != before.rapport_check or programme.agreement_text != before.agreement_text:
        _start_pairings_with_nothing_left_to_do(programme)
    after_networks = set(programme.mentor_networks.values_list("pk", flat=True))
    changed = after_networks != before_networks or any(
        getattr(before, name) != getattr(programme, name) for name in ELIGIBILITY
    )
    if changed:
        judged = list(
            Cohort.objects.select_for_update().filter(programme=programme, own_eligibility=False, status__in=JUDGED)
        )
        Cohort.objects.filter(pk__in=[c.pk for c in judged]).update(
            own_eligibility=True, **{name: getattr(before, name) for name in ELIGIBILITY}
        )
        Cohort.mentor_networks.through.objects.bulk_create(
            Cohort.mentor_networks.through(cohort_id=cohort.pk, staffnetwork_id=network)
            for cohort in judged
            for network in before_networks
        )
    return programme


def _start_pairings_with_nothing_left_to_do(programme) -> None:
    """Introduced pairings become active when the new settings ask nothing more of them.

    As matching.services._activate_if_ready decides after each answer or signature: both partners said yes
    (unless the rapport check is off) and both signed the current agreement (unless there is none). Through the
    reverse relations: programmes does not import matching.
    """
    for cohort in programme.cohorts.all():
        waiting = cohort.pairings.filter(status="introduced").annotate(
            yes=Count("rapport_answers", filter=Q(rapport_answers__wants_to_continue=True), distinct=True),
            signed=Count("signatures", filter=Q(signatures__version=programme.agreement_version), distinct=True),
        )
        if programme.rapport_check:
            waiting = waiting.filter(yes=2)
        if programme.agreement_text.strip():
            waiting = waiting.filter(signed=2)
        cohort.pairings.filter(pk__in=[p.pk for p in waiting]).update(status="active", activated_at=timezone.now())


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
def cohort_continue(*, cohort: Cohort, name: str, starts_on=None, ends_on=None, **rules) -> tuple[Cohort, int]:
    """Start the next cohort from a closed one, carrying people over as accepted.

    Carried: everyone who said they wish to continue, and mentors who were
    accepted and trained but never paired (DHSC trained extra mentors for later
    growth); a mentor who was paired comes only if they said so. Pairs are not
    carried as pairs: the next match decides, and earlier pairs are allowed
    again only if the lead says so. Their profile comes with them;
    special-category answers and consent do not: consent is given per cohort,
    so people are asked again. The lead's "ready to match" judgement comes
    with them (training attended in any cohort of the programme counts too);
    `rules` is the new cohort's own rule on who may take part, if it has one.
    """
    if cohort.status != Cohort.Status.CLOSED:
        raise ValidationError("Only a closed cohort can be continued.")
    new = cohort_create(programme=cohort.programme, name=name, starts_on=starts_on, ends_on=ends_on, **rules)
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
            ready_to_match=old.ready_to_match,
        )
        participant.networks.set(old.networks.all())
        copied += 1
    return new, copied


@transaction.atomic
def participant_set_continue(*, participant: Participant, wishes: bool) -> Participant:
    participant.wishes_to_continue = wishes
    participant.save(update_fields=["wishes_to_continue"])
    return participant
