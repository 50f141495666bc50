"""Events, attendance and resources."""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from notifications.services import notification_queue_many
from programmes.emails import EVENT_INVITATION
from programmes.models import Attendance, Event, Participant

# Who is in an event's audience: everyone still taking part in the cohort (invited, applying or accepted), in the
# event's role. Declined and withdrawn people keep the rows they had, but are never invited again.
AUDIENCE_STATUSES = [Participant.Status.INVITED, Participant.Status.APPLIED, Participant.Status.ACCEPTED]


def _audience_roles(audience: str) -> set[str]:
    if audience == Event.Audience.ALL:
        return {Participant.Role.MENTOR, Participant.Role.MENTEE}
    return {audience.removesuffix("s")}


def events_invite_audience(*, events=None, participants=None, now=None) -> int:
    """Bring each event's invitations up to date with its audience. Safe to run again, and at any time.

    Everyone in the audience has an attendance row (so the event is on their My programme and in the day-before
    reminder) and, for an event still to come, one invitation email (kind, person, event) sent with the new row:
    a repeat records nothing new and sends nothing twice. Someone who is no longer in a coming event's audience
    (the lead narrowed it, or their role changed) loses that invitation; past events keep their record of who was
    there. Returns the number of people newly invited.

    `events` (a queryset) limits the work to those events, `participants` (a queryset) to those people; either
    may be left out. Past events in `events` get their rows but no email; without `events`, only events still
    to come are looked at. A fixed number of queries whatever the numbers of events and people.
    """
    now = now or timezone.now()
    scope = Event.objects.all() if events is None else events
    if events is None:
        scope = scope.filter(starts_at__gte=now)
    people = Participant.objects.filter(status__in=AUDIENCE_STATUSES)
    if participants is not None:
        people = people.filter(pk__in=participants.values("pk"))
        scope = scope.filter(cohort__in=participants.values("cohort"))
    found = list(scope.values("pk", "cohort_id", "audience", "starts_at"))
    if not found:
        return 0
    roles_of = {event["pk"]: _audience_roles(event["audience"]) for event in found}
    by_cohort: dict[int, list[dict]] = {}
    for person in people.filter(cohort__in={event["cohort_id"] for event in found}).values(
        "pk", "cohort_id", "role", "user_id"
    ):
        by_cohort.setdefault(person["cohort_id"], []).append(person)
    already = set(
        Attendance.objects.filter(event__in=[event["pk"] for event in found]).values_list("event_id", "participant_id")
    )
    # Only invitations not yet made: the email goes with the new row (so people invited before emails were sent
    # for events are not emailed now), and a repeat writes nothing.
    wanted = [
        (event, person)
        for event in found
        for person in by_cohort.get(event["cohort_id"], [])
        if person["role"] in roles_of[event["pk"]] and (event["pk"], person["pk"]) not in already
    ]
    with transaction.atomic():
        # Out of the audience of a coming event: the lead narrowed it, or the person's role changed.
        outside = Q()
        for event in found:
            if event["starts_at"] >= now and event["audience"] != Event.Audience.ALL:
                outside |= Q(event_id=event["pk"]) & ~Q(participant__role__in=roles_of[event["pk"]])
        if outside:
            removed = Attendance.objects.filter(outside)
            if participants is not None:
                removed = removed.filter(participant__in=participants.values("pk"))
            removed.delete()
        Attendance.objects.bulk_create(
            [Attendance(event_id=event["pk"], participant_id=person["pk"]) for event, person in wanted],
            ignore_conflicts=True,
        )
        link = reverse("programmes:my_programme")
        notification_queue_many(
            kind=EVENT_INVITATION.name,
            subject_model=Event,
            rows=[(person["user_id"], event["pk"], "", link) for event, person in wanted if event["starts_at"] >= now],
        )
    return len(wanted)


@transaction.atomic
def event_save(*, form, cohort) -> Event:
    """Save a new or changed event; its audience is invited (each person emailed once, if it is still to come)."""
    event = form.save(commit=False)
    event.cohort = cohort
    event.save()
    events_invite_audience(events=Event.objects.filter(pk=event.pk))
    return event


def participants_join_events(*, participants) -> int:
    """People who joined a cohort (invited, applied, accepted) or changed role after its events
    were arranged: invite them to the coming events whose audience they are in, as event_save() invites the
    people already there. `participants` is a queryset. Safe to run again."""
    return events_invite_audience(participants=participants)


@transaction.atomic
def attendance_mark(*, event: Event, attended_ids: list[int], shown_ids: list[int] | None = None) -> None:
    """Record who came: the ticked people attended, the rest of the invitees shown (all of them by default) did
    not. People a filter hid keep what was recorded for them."""
    shown = event.attendances.all() if shown_ids is None else event.attendances.filter(pk__in=shown_ids)
    shown.filter(pk__in=attended_ids).update(attended=True)
    shown.exclude(pk__in=attended_ids).update(attended=False)


@transaction.atomic
def attendance_reply(*, attendance: Attendance, reply: str) -> Attendance:
    attendance.reply = reply
    attendance.save(update_fields=["reply"])
    return attendance
