"""Events, attendance and resources."""

from django.db import transaction

from programmes.models import Attendance, Event, Participant

INVITED_STATUSES = [Participant.Status.INVITED, Participant.Status.APPLIED, Participant.Status.ACCEPTED]


def event_invite_audience(*, event: Event) -> int:
    """Invite everyone in the event's audience who is not yet invited. Safe to run again.

    Run when the event is saved and whenever a lead opens it, so people who
    join the cohort later are invited too.
    """
    people = event.cohort.participants.filter(status__in=INVITED_STATUSES)
    if event.audience != Event.Audience.ALL:
        people = people.filter(role=event.audience.rstrip("s"))
    created = Attendance.objects.bulk_create(
        [Attendance(event=event, participant_id=pk) for pk in people.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )
    return len(created)


@transaction.atomic
def event_save(*, form, cohort) -> Event:
    event = form.save(commit=False)
    event.cohort = cohort
    event.save()
    event_invite_audience(event=event)
    return event


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
