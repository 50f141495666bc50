"""Demo: pairs at different stages (meeting regularly, overdue, open and closed actions) and recorded outcomes.

Runs after matching's seed, which publishes the pilot's pairings 90 days ago. Idempotent: a pairing that already
has meetings or actions is left as it is; outcomes are found by title before they are created. The nudges are
those the daily scan would have sent over those 90 days, so the lead sees pairs nudged and pairs flagged.
"""

import datetime
from collections import defaultdict

from django.db.models import DateField
from django.db.models.functions import Cast
from django.utils import timezone

from matching.models import Pairing
from meetings.models import Action, Meeting, Nudge, Outcome, Reflection, ScheduledMeeting

SUMMARIES = [
    "Introductions: why we each joined the programme and what we hope to learn. Agreed to meet every three weeks.",
    "Talked through the experience of being the only person like you on a shift, and what helps.",
    "Walked through how promotion boards are put together and who sits on them.",
    "Shadowed a morning of neighbourhood patrols, then talked about what stood out.",
    "Looked at the staff survey results together and what they do not show.",
]
ACTIONS = [
    ("Ask HR how recruitment panels are chosen and who can join them", "mentee"),
    ("Share the network's guide to inclusive language with the senior team", "mentee"),
    ("Send the mentor the terms of reference for the promotion board", "mentee"),
    ("Write up three examples of good allyship seen on shift", "mentor"),
]


def _meeting(pairing, topics, days_ago, logged_by, summary, *, confirmed=True, activity="conversation"):
    today = timezone.localdate()
    meeting = Meeting.objects.create(
        pairing=pairing,
        logged_by=logged_by,
        held_on=today - datetime.timedelta(days=days_ago),
        duration_minutes=90 if days_ago % 2 else 60,
        format=Meeting.Format.IN_PERSON if days_ago % 3 else Meeting.Format.ONLINE,
        activity=activity,
        summary=summary,
        confirmed_at=timezone.now() - datetime.timedelta(days=days_ago - 1) if confirmed else None,
        confirmed_by=pairing.partner_of(logged_by) if confirmed else None,
    )
    meeting.topics.set(topics)
    return meeting


def _action(pairing, meeting, index, *, status="open", due_in=None, outcome=""):
    description, owner = ACTIONS[index % len(ACTIONS)]
    today = timezone.localdate()
    return Action.objects.create(
        pairing=pairing,
        meeting=meeting,
        description=description,
        owner=owner,
        due_on=today + datetime.timedelta(days=due_in) if due_in is not None else None,
        status=status,
        outcome=outcome,
        closed_at=timezone.now() if status != "open" else None,
    )


def _regular(pairing, topics, days, index):
    meetings = [
        _meeting(pairing, topics[:2], days_ago, pairing.mentee if n % 2 else pairing.mentor, SUMMARIES[n])
        for n, days_ago in enumerate(days)
    ]
    _action(pairing, meetings[0], index, status="done", outcome="Done, and talked through at the next meeting.")
    _action(pairing, meetings[-1], index + 1, due_in=12)
    return meetings


def seed(context) -> None:
    pilot = context["pilot"]
    pairings = list(
        Pairing.objects.filter(cohort=pilot, status__in=Pairing.CURRENT)
        .select_related("mentor__user", "mentee__user")
        .order_by("pk")
    )
    if not pairings:
        return
    programme = pilot.programme
    topics = list(programme.organisation.topics.all()[:6])
    demo_people = {context["mentors"][0].pk, context["mentees"][0].pk}
    today = timezone.localdate()
    untouched = set(
        Pairing.objects.filter(pk__in=[p.pk for p in pairings], meetings__isnull=True, actions__isnull=True)
        .values_list("pk", flat=True)
        .distinct()
    )
    others = [p for p in pairings if not ({p.mentor_id, p.mentee_id} & demo_people)]
    for pairing in pairings:
        if pairing.pk not in untouched:
            continue
        if {pairing.mentor_id, pairing.mentee_id} & demo_people:
            _demo_pair(pairing, topics, programme, context)
            continue
        stage = others.index(pairing) % 4
        if stage == 0:  # meeting regularly since they were paired
            _regular(pairing, topics, [75, 53, 31, 9], others.index(pairing))
        elif stage == 1:  # a slow start (nudged once), then met twice, the last three weeks ago
            _regular(pairing, topics[2:], [35, 20], others.index(pairing))
        elif stage == 2:  # overdue: one meeting long ago, an action past its date
            meeting = _meeting(pairing, topics[:1], 45, pairing.mentee, SUMMARIES[0])
            _action(pairing, meeting, others.index(pairing), due_in=-10)
        # else: never met since the pairing was published
    _nudges_as_the_daily_scan_sent_them([p for p in pairings if p.pk in untouched], programme, today)
    _outcomes(programme, pilot, context)


def _nudges_as_the_daily_scan_sent_them(pairings, programme, today) -> None:
    """Replay meetings.reminders.nudges_scan's rules over each pair's quiet spells (from the pairing's start or a
    meeting to the next meeting, or today): a nudge after each interval without a meeting, two at most, and the
    second turned into the lead's flag when a further interval passes. Meetings are logged on the day held."""
    interval = datetime.timedelta(days=programme.nudge_after_days)
    # The first spell starts on the pairing's date as the database reads it, as quiet_since() does.
    started = dict(
        Pairing.objects.filter(pk__in=[p.pk for p in pairings])
        .annotate(on=Cast("created_at", DateField()))
        .values_list("pk", "on")
    )
    held = defaultdict(list)
    for pairing_id, held_on in (
        Meeting.objects.filter(pairing__in=pairings).order_by("held_on").values_list("pairing_id", "held_on")
    ):
        held[pairing_id].append(held_on)
    nudges = []
    for pairing in pairings:
        starts = [started[pairing.pk], *held[pairing.pk]]
        ends = [*held[pairing.pk], today + datetime.timedelta(days=1)]
        for since, ended in zip(starts, ends, strict=True):
            for number in (1, 2):
                sent_on = since + number * interval
                if sent_on >= ended:
                    break
                flag_on = sent_on + interval
                flagged_on = flag_on if number == 2 and flag_on < ended else None
                nudges.append(
                    Nudge(pairing=pairing, since=since, number=number, sent_on=sent_on, flagged_on=flagged_on)
                )
    # Loaded again on a later day, a pair still quiet may have come due for its flag since.
    Nudge.objects.bulk_create(
        nudges, update_conflicts=True, unique_fields=["pairing", "since", "number"], update_fields=["flagged_on"]
    )


def _demo_pair(pairing, topics, programme, context):
    """The demo Mentor and Mentee: three meetings (the last waiting for the mentor's confirmation), actions open
    and closed (one outcome shared with the leads), a private reflection each, and the next meeting booked."""
    mentor, mentee = pairing.mentor, pairing.mentee
    first = _meeting(pairing, topics[:2], 41, mentee, SUMMARIES[0])
    second = _meeting(pairing, topics[1:3], 24, mentor, SUMMARIES[3], activity="shadowing")
    third = _meeting(pairing, topics[:1], 6, mentee, SUMMARIES[2], confirmed=False)
    Reflection.objects.create(
        meeting=second, author=mentor, text="I was nervous about being open; it went better than I expected."
    )
    Reflection.objects.create(
        meeting=third, author=mentee, text="I had not realised how the panel make-up looks from the outside."
    )
    shared = _action(
        pairing, first, 0, status="done", outcome="HR now asks network members to sit on every recruitment panel."
    )
    shared.outcome_shared = True
    shared.save(update_fields=["outcome_shared"])
    Outcome.objects.get_or_create(
        programme=programme,
        title="Network members on recruitment panels",
        defaults={
            "cohort": pairing.cohort,
            "action": shared,
            "category": Outcome.Category.RECRUITMENT,
            "description": shared.outcome,
            "achieved_on": timezone.localdate() - datetime.timedelta(days=15),
            "created_by": mentee.user,
        },
    )
    _action(pairing, second, 1, status="dropped", outcome="Overtaken by the new intranet page.")
    _action(pairing, third, 2, due_in=2)
    _action(pairing, third, 3, due_in=16)
    starts_at = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=6), datetime.time(10))
    )
    ScheduledMeeting.objects.create(
        pairing=pairing, starts_at=starts_at, duration_minutes=90, place="Room 2.14, headquarters", created_by=mentee
    )


def _outcomes(programme, cohort, context):
    today = timezone.localdate()
    for title, category, days_ago, description in [
        ("New lanyards with a rainbow design", Outcome.Category.CULTURE, 30,
         "Offered to all staff as a visible sign of allyship, after a pair's conversation about inclusion."),
        ("Pin badges for staff network allies", Outcome.Category.CULTURE, 18,
         "Allies of every staff network can wear a badge; requests through the network leads."),
        ("Recruitment panel change: diverse panels for promotion boards", Outcome.Category.RECRUITMENT, 8,
         "Promotion boards from Sergeant upwards now include someone from outside the candidate's department."),
    ]:  # fmt: skip
        Outcome.objects.get_or_create(
            programme=programme,
            title=title,
            defaults={
                "cohort": cohort,
                "category": category,
                "achieved_on": today - datetime.timedelta(days=days_ago),
                "description": description,
                "created_by": context["lead"],
            },
        )
