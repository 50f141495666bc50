"""Changes to the pair's space. Each is one transaction; an ended pairing's record is read-only."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from matching.models import Pairing
from meetings.models import Action, Meeting, Outcome, Reflection, ScheduledMeeting

READ_ONLY = "This pairing has ended, so its record can be read but no longer changed."


def _require_current(pairing: Pairing) -> None:
    if pairing.status not in Pairing.CURRENT:
        raise ValidationError(READ_ONLY)


def held_on_problem(*, pairing: Pairing, held_on) -> str | None:
    """Why a meeting cannot have been held on this date, in words for the pair; None when it can.

    A meeting is held within the pairing's life, from the day the pair was introduced to the day it ended (or
    today), and is logged once it has happened: a date outside would count in the hours and figures of a pairing
    that did not exist then.
    """
    today = timezone.localdate()
    started = timezone.localdate(pairing.created_at)
    ended = timezone.localdate(pairing.ended_at) if pairing.ended_at else None
    if held_on > today:
        return _("A meeting can only be logged once it has happened: choose today or earlier.")
    if held_on < started:
        return _("You were paired on %(date)s: choose that day or later.") % {"date": date_format(started, "j F Y")}
    if ended and held_on > ended:
        return _("This pairing ended on %(date)s: choose that day or earlier.") % {"date": date_format(ended, "j F Y")}
    return None


def _require_in_pairing_life(pairing: Pairing, held_on) -> None:
    if problem := held_on_problem(pairing=pairing, held_on=held_on):
        raise ValidationError({"held_on": problem})


@transaction.atomic
def meeting_log(*, pairing: Pairing, by, fields: dict, topics=(), reflection: str = "", action: dict | None = None):
    """Either partner logs a meeting (not in the future) on a current pairing; the partner then confirms it.

    The reflection, if any, is stored apart from the meeting and only its author can ever read it.
    """
    _require_current(pairing)
    _require_in_pairing_life(pairing, fields["held_on"])
    meeting = Meeting(pairing=pairing, logged_by=by, **fields)
    meeting.full_clean(exclude=["pairing", "logged_by", "confirmed_by"])
    meeting.save()
    meeting.topics.set(topics)
    if reflection.strip():
        Reflection.objects.create(meeting=meeting, author=by, text=reflection.strip())
    if action and action.get("description", "").strip():
        action_add(pairing=pairing, meeting=meeting, **action)
    return meeting


@transaction.atomic
def meeting_correct(*, meeting: Meeting, by, fields: dict, topics=()) -> Meeting:
    """Either partner may correct the log. A correction by the partner who did not log it confirms it; a change by
    the one who logged it needs the partner's confirmation again."""
    _require_current(meeting.pairing)
    _require_in_pairing_life(meeting.pairing, fields["held_on"])
    for name, value in fields.items():
        setattr(meeting, name, value)
    if by.pk != meeting.logged_by_id:
        meeting.confirmed_at, meeting.confirmed_by = timezone.now(), by
    else:
        # The partner confirmed another version: they confirm this one afresh.
        meeting.confirmed_at, meeting.confirmed_by = None, None
    meeting.full_clean(exclude=["pairing", "logged_by", "confirmed_by"])
    meeting.save()
    meeting.topics.set(topics)
    return meeting


@transaction.atomic
def meeting_confirm(*, meeting: Meeting, by) -> Meeting:
    """The partner who did not log the meeting confirms it happened as logged."""
    _require_current(meeting.pairing)
    if by.pk == meeting.logged_by_id:
        raise ValidationError("Your partner confirms the meetings you log.")
    meeting.confirmed_at, meeting.confirmed_by = timezone.now(), by
    meeting.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
    return meeting


@transaction.atomic
def reflection_save(*, meeting: Meeting, author, text: str) -> Reflection | None:
    """Save (or, when emptied, delete) the author's private reflection. Allowed on ended pairings too: it is theirs."""
    text = text.strip()
    if not text:
        Reflection.objects.filter(meeting=meeting, author=author).delete()
        return None
    reflection, _ = Reflection.objects.update_or_create(meeting=meeting, author=author, defaults={"text": text})
    return reflection


@transaction.atomic
def action_add(*, pairing: Pairing, description: str, owner: str, due_on=None, meeting: Meeting | None = None):
    _require_current(pairing)
    action = Action(pairing=pairing, meeting=meeting, description=description.strip(), owner=owner, due_on=due_on)
    action.full_clean(exclude=["pairing", "meeting"])
    action.save()
    return action


def outcome_sharing_problems(*, outcome: str, title: str) -> dict[str, str]:
    """What is missing before an action's outcome can go in the register, by field (the form shows the same)."""
    problems = {}
    if not outcome.strip():
        problems["outcome"] = "Say what came of the action before sharing it with the leads."
    if not title.strip():
        problems["outcome_title"] = "Give the outcome a short title for the register."
    return problems


@transaction.atomic
def action_update(
    *,
    action: Action,
    by_user,
    status: str,
    outcome: str,
    due_on=None,
    share_outcome: bool = False,
    outcome_title: str = "",
    outcome_category: str = Outcome.Category.CULTURE,
) -> Action:
    """Report back on an action. Sharing its outcome puts it in the programme's outcomes register for the leads;
    un-sharing takes it out again. Only the outcome and its title are shared, never the action's own text."""
    pairing = action.pairing
    _require_current(pairing)
    if share_outcome and (problems := outcome_sharing_problems(outcome=outcome, title=outcome_title)):
        raise ValidationError(problems)
    # From the database, locked: a form may already have changed the instance in memory.
    was_open = Action.objects.select_for_update().get(pk=action.pk).status == Action.Status.OPEN
    action.status, action.outcome, action.due_on = status, outcome.strip(), due_on
    action.outcome_shared = share_outcome
    if status == Action.Status.OPEN:
        action.closed_at = None
    elif was_open:
        action.closed_at = timezone.now()
    action.full_clean(exclude=["pairing", "meeting"])
    action.save()
    entry = Outcome.objects.filter(action=action).first()
    if share_outcome:
        entry = entry or Outcome(
            programme_id=pairing.cohort.programme_id, cohort_id=pairing.cohort_id, action=action, created_by=by_user
        )
        entry.title, entry.description, entry.category = outcome_title.strip(), action.outcome, outcome_category
        entry.achieved_on = entry.achieved_on or timezone.localdate()
        entry.full_clean(exclude=["programme", "cohort", "action", "created_by"])
        entry.save()
    elif entry:
        entry.delete()
    return action


@transaction.atomic
def outcome_add(*, programme, by_user, title: str, category: str, achieved_on, cohort, description: str = ""):
    """A lead records an outcome directly in the programme's register (e.g. new lanyards with a rainbow design).

    It belongs to one of the programme's cohorts, whose dashboard and committee report count it.
    """
    if cohort is None or cohort.programme_id != programme.pk:
        raise ValidationError({"cohort": _("Choose one of this programme's cohorts.")})
    outcome = Outcome(
        programme=programme, cohort=cohort, title=title.strip(), category=category, achieved_on=achieved_on,
        description=description.strip(), created_by=by_user,
    )  # fmt: skip
    outcome.full_clean(exclude=["programme", "cohort", "action", "created_by"])
    outcome.save()
    return outcome


@transaction.atomic
def next_meeting_schedule(*, pairing: Pairing, by, starts_at, duration_minutes: int = 60, place: str = ""):
    """The pair's next meeting. Scheduling again replaces the one still to come (one next meeting at a time)."""
    _require_current(pairing)
    if starts_at <= timezone.now():
        raise ValidationError({"date": "Choose a date and time that is still to come."})
    ScheduledMeeting.objects.filter(pairing=pairing, cancelled=False, starts_at__gt=timezone.now()).update(
        cancelled=True
    )
    scheduled = ScheduledMeeting(
        pairing=pairing, starts_at=starts_at, duration_minutes=duration_minutes, place=place.strip(), created_by=by
    )
    scheduled.full_clean(exclude=["pairing", "created_by"])
    scheduled.save()
    return scheduled


@transaction.atomic
def next_meeting_cancel(*, scheduled: ScheduledMeeting) -> None:
    _require_current(scheduled.pairing)
    ScheduledMeeting.objects.filter(pk=scheduled.pk).update(cancelled=True)
