"""Scans that find due reminders with set-based queries, in batches, and record one notification per reason.

Every reason has a unique key (kind, recipient, object, period) in notifications.Notification, so running a
scan twice, or two scans at once, records each reason once and sends it once. Each batch is one transaction:
one query finds up to BATCH due objects, one insert records their notifications, and the sends are enqueued
when it commits. The number of queries grows with batches, never with pairings.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from matching.models import AgreementSignature, Pairing
from meetings.models import Action, Nudge, ScheduledMeeting
from meetings.selectors import quiet_since
from notifications.services import notification_queue_many
from programmes.models import Attendance, Event, Participant, Programme, ProgrammeRole
from programmes.services.events import events_invite_audience

BATCH = 1000
AGREEMENT_AFTER_DAYS = 7
ACTION_DUE_WITHIN_DAYS = 3


def _batches(values_queryset, size: int):
    """Keyset pages by primary key: each page is one query however large the table."""
    last = 0
    while True:
        page = list(values_queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not page:
            return
        yield page
        last = page[-1]["pk"]


def _pair_link(pairing_id: int, anchor: str = "") -> str:
    return reverse("meetings:pair", args=[pairing_id]) + (f"#{anchor}" if anchor else "")


def _day_bounds(day: datetime.date):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def nudges_scan(*, today: datetime.date | None = None, batch_size: int = BATCH) -> dict:
    """Nudge both partners after the programme's interval without a meeting (from the pairing's start or the last
    meeting); nudge again when a further interval passes with no meeting; flag the pairing for the leads when the
    second nudge, too, goes unanswered for an interval. A meeting logged starts a new quiet spell (`since`)."""
    today = today or timezone.localdate()
    counts = {"nudged": 0, "flagged": 0}
    intervals = (
        Programme.objects.filter(cohorts__pairings__status__in=Pairing.CURRENT)
        .values_list("nudge_after_days", flat=True)
        .distinct()
        .order_by()
    )
    for days in list(intervals):
        interval = datetime.timedelta(days=days)
        base = Pairing.objects.current().filter(cohort__programme__nudge_after_days=days).annotate(since=quiet_since())

        def nudge(number):
            return Nudge.objects.filter(pairing=OuterRef("pk"), since=OuterRef("since"), number=number)

        due = {
            1: base.filter(since__lte=today - interval).exclude(Exists(nudge(1))),
            # The first nudge went a whole interval without a meeting: it is unanswered.
            2: base.filter(Exists(nudge(1).filter(sent_on__lte=today - interval))).exclude(Exists(nudge(2))),
        }
        for number, queryset in due.items():
            for page in _batches(queryset.values("pk", "since", "mentor__user_id", "mentee__user_id"), batch_size):
                with transaction.atomic():
                    Nudge.objects.bulk_create(
                        [Nudge(pairing_id=p["pk"], number=number, since=p["since"], sent_on=today) for p in page],
                        ignore_conflicts=True,
                    )
                    notification_queue_many(
                        kind="meeting_nudge",
                        subject_model=Pairing,
                        rows=[
                            (user_id, p["pk"], f"nudge-{p['since']}-{number}", _pair_link(p["pk"], "next-heading"))
                            for p in page
                            for user_id in (p["mentor__user_id"], p["mentee__user_id"])
                        ],
                    )
                counts["nudged"] += len(page)
        unanswered_second = nudge(2).filter(sent_on__lte=today - interval, flagged_on__isnull=True)
        flag_due = (
            base.filter(Exists(unanswered_second))
            .annotate(second_nudge=Subquery(unanswered_second.values("pk")[:1]))
            .values("pk", "since", "second_nudge", "cohort_id", "cohort__programme_id")
        )
        for page in _batches(flag_due, batch_size):
            leads = {}
            for programme_id, user_id in ProgrammeRole.objects.filter(
                role=ProgrammeRole.Role.LEAD, programme_id__in={p["cohort__programme_id"] for p in page}
            ).values_list("programme_id", "user_id"):
                leads.setdefault(programme_id, []).append(user_id)
            with transaction.atomic():
                # The second nudge of each pairing's current quiet spell becomes the lead's flag.
                Nudge.objects.filter(pk__in=[p["second_nudge"] for p in page], flagged_on__isnull=True).update(
                    flagged_on=today
                )
                notification_queue_many(
                    kind="pairing_flagged",
                    subject_model=Pairing,
                    rows=[
                        (user_id, p["pk"], f"flag-{p['since']}", reverse("meetings:monitoring", args=[p["cohort_id"]]))
                        for p in page
                        for user_id in leads.get(p["cohort__programme_id"], [])
                    ],
                )
            counts["flagged"] += len(page)
    return counts


def agreement_reminders_scan(*, today: datetime.date | None = None, batch_size: int = BATCH) -> int:
    """A partner who has not signed the programme's current agreement 7 days after the pairing: one reminder per
    agreement version."""
    today = today or timezone.localdate()
    cutoff, _ = _day_bounds(today - datetime.timedelta(days=AGREEMENT_AFTER_DAYS - 1))

    def signed(role):
        return Exists(
            AgreementSignature.objects.filter(
                pairing=OuterRef("pk"),
                participant=OuterRef(role),
                version=OuterRef("cohort__programme__agreement_version"),
            )
        )

    due = (
        Pairing.objects.current()
        .filter(created_at__lt=cutoff)
        .annotate(mentor_signed=signed("mentor"), mentee_signed=signed("mentee"))
        .exclude(mentor_signed=True, mentee_signed=True)
        .values(
            "pk",
            "mentor_signed",
            "mentee_signed",
            "mentor__user_id",
            "mentee__user_id",
            "cohort__programme__agreement_version",
        )  # fmt: skip
    )
    sent = 0
    for page in _batches(due, batch_size):
        rows = [
            (p[f"{role}__user_id"], p["pk"], f"v{p['cohort__programme__agreement_version']}", _pair_link(p["pk"]))
            for p in page
            for role in ("mentor", "mentee")
            if not p[f"{role}_signed"]
        ]
        with transaction.atomic():
            notification_queue_many(kind="agreement_reminder", subject_model=Pairing, rows=rows)
        sent += len(rows)
    return sent


def action_reminders_scan(*, today: datetime.date | None = None, batch_size: int = BATCH) -> int:
    """The owner of an open action hears once when it is due within three days and once when it is overdue."""
    today = today or timezone.localdate()
    open_actions = Action.objects.filter(status=Action.Status.OPEN, pairing__status__in=Pairing.CURRENT)
    scans = [
        (
            "action_due",
            "due",
            open_actions.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(ACTION_DUE_WITHIN_DAYS)),
        ),
        ("action_overdue", "overdue", open_actions.filter(due_on__lt=today)),
    ]
    sent = 0
    for kind, prefix, queryset in scans:
        values = queryset.values(
            "pk", "owner", "due_on", "pairing_id", "pairing__mentor__user_id", "pairing__mentee__user_id"
        )
        for page in _batches(values, batch_size):
            rows = [
                (
                    p["pairing__mentor__user_id"]
                    if p["owner"] == Action.Owner.MENTOR
                    else p["pairing__mentee__user_id"],
                    p["pk"],
                    f"{prefix}-{p['due_on']}",
                    _pair_link(p["pairing_id"], f"action-{p['pk']}"),
                )
                for p in page
            ]
            with transaction.atomic():
                notification_queue_many(kind=kind, subject_model=Action, rows=rows)
            sent += len(rows)
    return sent


def meeting_reminders_scan(*, today: datetime.date | None = None, batch_size: int = BATCH) -> int:
    """Both partners, the day before a scheduled meeting; the email carries an .ics invite."""
    today = today or timezone.localdate()
    start, end = _day_bounds(today + datetime.timedelta(days=1))
    due = ScheduledMeeting.objects.filter(
        cancelled=False, starts_at__gte=start, starts_at__lt=end, pairing__status__in=Pairing.CURRENT
    ).values("pk", "starts_at", "pairing_id", "pairing__mentor__user_id", "pairing__mentee__user_id")
    sent = 0
    for page in _batches(due, batch_size):
        rows = [
            (
                user_id,
                p["pk"],
                timezone.localtime(p["starts_at"]).isoformat(),
                _pair_link(p["pairing_id"], "next-heading"),
            )
            for p in page
            for user_id in (p["pairing__mentor__user_id"], p["pairing__mentee__user_id"])
        ]
        with transaction.atomic():
            notification_queue_many(kind="meeting_reminder", subject_model=ScheduledMeeting, rows=rows)
        sent += len(rows)
    return sent


def event_invitations_scan(*, batch_size: int = BATCH) -> int:
    """Everyone in a coming event's audience is invited, however they joined the cohort (the joining paths invite
    them at once; this catches anyone added another way, e.g. by a site administrator), so the reminder below
    reaches the whole audience. Each invitation is recorded and sent once. Returns how many were newly invited."""
    invited = 0
    for page in _batches(Event.objects.filter(starts_at__gte=timezone.now()).values("pk"), batch_size):
        invited += events_invite_audience(events=Event.objects.filter(pk__in=[event["pk"] for event in page]))
    return invited


def event_reminders_scan(*, today: datetime.date | None = None, batch_size: int = BATCH) -> int:
    """Everyone invited to an event tomorrow who has not said they cannot come."""
    today = today or timezone.localdate()
    start, end = _day_bounds(today + datetime.timedelta(days=1))
    due = (
        Attendance.objects.filter(event__starts_at__gte=start, event__starts_at__lt=end)
        .exclude(reply=Attendance.Reply.NO)
        .exclude(participant__status__in=[Participant.Status.DECLINED, Participant.Status.WITHDRAWN])
        .values("pk", "event_id", "event__starts_at", "participant__user_id")
    )
    link = reverse("programmes:my_programme")
    sent = 0
    for page in _batches(due, batch_size):
        rows = [
            (p["participant__user_id"], p["event_id"], timezone.localtime(p["event__starts_at"]).isoformat(), link)
            for p in page
        ]
        with transaction.atomic():
            notification_queue_many(kind="event_reminder", subject_model=Event, rows=rows)
        sent += len(rows)
    return sent


def reminders_scan(*, today: datetime.date | None = None) -> dict:
    """Every scan, in turn. Safe to run at any time and as often as beat likes: each reason is sent once."""
    return {
        **nudges_scan(today=today),
        "agreement": agreement_reminders_scan(today=today),
        "actions": action_reminders_scan(today=today),
        "meetings": meeting_reminders_scan(today=today),
        "event_invitations": event_invitations_scan(),
        "events": event_reminders_scan(today=today),
    }
