"""The kinds of email the pair's space sends. All are reminders, so each can be turned off."""

from notifications.kinds import Kind, register


def _meeting_invite(notification) -> list[tuple[str, str, str]]:
    """The .ics for the recipient: their partner's name, the time and the place, nothing discussed."""
    from meetings.calendar import ics_for
    from meetings.models import ScheduledMeeting

    scheduled = ScheduledMeeting.objects.select_related("pairing__mentor__user", "pairing__mentee__user").get(
        pk=notification.subject_id
    )
    pairing = scheduled.pairing
    partner = pairing.partner_of(pairing.participant_for(notification.recipient_id))
    return [("meeting.ics", ics_for(scheduled=scheduled, partner_name=partner.user.name), "text/calendar")]


# Whether a reminder's reason still holds, asked before a retry or a late send (notifications.kinds.Kind).


def _pairing_current(notification) -> bool:
    from matching.models import Pairing

    return Pairing.objects.current().filter(pk=notification.subject_id).exists()


def _agreement_unsigned(notification) -> bool:
    """The pairing goes on, the recipient has not signed, and the agreement is still the version reminded of."""
    from matching.models import AgreementSignature, Pairing

    pairing = Pairing.objects.current().select_related("cohort__programme", "mentor", "mentee")
    pairing = pairing.filter(pk=notification.subject_id).first()
    if pairing is None or notification.period != f"v{pairing.cohort.programme.agreement_version}":
        return False
    participant = pairing.participant_for(notification.recipient_id)
    return not AgreementSignature.objects.filter(
        pairing=pairing, participant=participant, version=pairing.cohort.programme.agreement_version
    ).exists()


def _meeting_ahead(notification) -> bool:
    from django.utils import timezone

    from meetings.models import ScheduledMeeting

    return ScheduledMeeting.objects.filter(
        pk=notification.subject_id, cancelled=False, starts_at__gt=timezone.now()
    ).exists()


def _action_open(notification) -> bool:
    from meetings.models import Action

    return Action.objects.filter(pk=notification.subject_id, status=Action.Status.OPEN).exists()


def _event_ahead(notification) -> bool:
    from django.utils import timezone

    from programmes.models import Event

    return Event.objects.filter(pk=notification.subject_id, starts_at__gt=timezone.now()).exists()


MEETING_REMINDER = register(
    Kind(
        "meeting_reminder",
        reason="you and your partner scheduled a reverse mentoring meeting for tomorrow",
        optional=True,
        label="Reminders the day before a meeting you scheduled (with a calendar invite)",
        attachments=_meeting_invite,
        still_current=_meeting_ahead,
    )
)
MEETING_NUDGE = register(
    Kind(
        "meeting_nudge",
        reason="your pairing has not logged a meeting for the interval your programme suggests",
        optional=True,
        label="Nudges when your pairing has not met for a while",
        still_current=_pairing_current,
    )
)
PAIRING_FLAGGED = register(
    Kind(
        "pairing_flagged",
        reason="you lead a programme in which a pairing has not met after two nudges",
        optional=True,
        label="For programme leads: a pairing has not met after two nudges",
        still_current=_pairing_current,
    )
)
AGREEMENT_REMINDER = register(
    Kind(
        "agreement_reminder",
        reason="you were paired a week ago and have not signed your mentoring agreement yet",
        optional=True,
        label="Reminders to sign your mentoring agreement",
        still_current=_agreement_unsigned,
    )
)
ACTION_DUE = register(
    Kind(
        "action_due",
        reason="an action you own in your pairing is due in three days",
        optional=True,
        label="Reminders when an action you own is due soon",
        still_current=_action_open,
    )
)
ACTION_OVERDUE = register(
    Kind(
        "action_overdue",
        reason="an action you own in your pairing is past its due date and still open",
        optional=True,
        label="Reminders when an action you own is overdue",
        still_current=_action_open,
    )
)
EVENT_REMINDER = register(
    Kind(
        "event_reminder",
        reason="you are invited to a programme event that takes place tomorrow",
        optional=True,
        label="Reminders the day before a programme event",
        still_current=_event_ahead,
    )
)
