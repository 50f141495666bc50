"""Reads for the pair page and the lead's pages. A fixed number of queries whatever the size."""

from django.db.models import (
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from matching.models import AgreementSignature, Concern, Pairing, RapportAnswer
from matching.selectors import count_per_pairing
from meetings.models import Action, Meeting, Nudge, Outcome, Reflection, ScheduledMeeting
from programmes.models import MeetingGuideItem


def pair_page(*, pairing: Pairing, me) -> dict:
    """Everything the pair page shows, for one partner: never the other partner's reflections."""
    meetings = _meetings_with_topics(pairing, me)
    # Who logged and who confirmed each meeting is one of the two partners, already loaded with the pairing:
    # joining them again for every meeting would cost more than the rest of the query.
    partners = {pairing.mentor_id: pairing.mentor, pairing.mentee_id: pairing.mentee}
    for meeting in meetings:
        if meeting.logged_by_id in partners:
            meeting.logged_by = partners[meeting.logged_by_id]
        if meeting.confirmed_by_id in partners:
            meeting.confirmed_by = partners[meeting.confirmed_by_id]
    actions = list(Action.objects.filter(pairing=pairing))
    programme = pairing.cohort.programme
    held = len(meetings)
    # Only its agenda shows. (programme, number) is unique: no need for the default order, which joins the programme.
    guide = (
        MeetingGuideItem.objects.filter(programme=programme, meeting_number=held + 1)
        .order_by()
        .values_list("agenda", flat=True)
        .first()
    )
    suggested = programme.suggested_meetings
    return {
        "meetings": meetings,
        "open_actions": [a for a in actions if a.status == Action.Status.OPEN],
        "closed_actions": [a for a in actions if a.status != Action.Status.OPEN],
        "next_meeting": next_meeting(pairing),
        "guide": guide,
        "next_number": held + 1,
        "progress": {
            "held": held,
            "suggested": suggested,
            "percent": min(100, round(100 * held / suggested)) if suggested else 0,
            "hours": round(sum(m.duration_minutes for m in meetings) / 60, 1),
        },
        "editable": pairing.status in Pairing.CURRENT,
    }


def _meetings_with_topics(pairing, me) -> list[Meeting]:
    """The pair's meetings, newest first, each with `my_reflection` (me only) and `topic_names`.

    The topics come in the same query, one row per meeting and topic, rather than a prefetch: the rows repeat
    a meeting's columns, but a second query costs more to build and plan than the repeats cost to read.
    """
    rows = (
        Meeting.objects.filter(pairing=pairing)
        .annotate(
            my_reflection=Subquery(Reflection.objects.filter(meeting=OuterRef("pk"), author=me).values("text")[:1]),
            topic_name=F("topics__name"),
        )
        # Meeting's own order, then Topic's within each meeting.
        .order_by("-held_on", "-created_at", "-pk", "-topics__is_protected_characteristic", "topics__name")
    )
    meetings = {}
    for row in rows:
        meeting = meetings.setdefault(row.pk, row)
        if meeting is row:
            meeting.topic_names = []
        if row.topic_name is not None:
            meeting.topic_names.append(row.topic_name)
    return list(meetings.values())


def next_meeting(pairing):
    """The pair's next meeting still to come, if they have scheduled one."""
    return (
        ScheduledMeeting.objects.filter(pairing=pairing, cancelled=False, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )


def quiet_since():
    """When the pair's current quiet spell started: the last meeting, or the pairing's start."""
    last = Meeting.objects.filter(pairing=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    return Coalesce(Subquery(last, output_field=DateField()), Cast("created_at", DateField()))


def monitoring_rows(*, cohort) -> list[Pairing]:
    """One row per pairing with counts, dates and flags only: no summary, reflection or action text.

    One query for the whole cohort, however many pairings, meetings or actions it has.
    """
    programme = cohort.programme
    today = timezone.localdate()
    rows = list(
        Pairing.objects.filter(cohort=cohort)
        .select_related("mentor__user", "mentee__user")
        .annotate(
            meetings_held=count_per_pairing(Meeting),
            last_meeting=Subquery(
                Meeting.objects.filter(pairing=OuterRef("pk"))
                .order_by()
                .values("pairing")
                .annotate(d=Max("held_on"))
                .values("d"),
                output_field=DateField(),
            ),
            total_minutes=Coalesce(
                Subquery(
                    Meeting.objects.filter(pairing=OuterRef("pk"))
                    .order_by()
                    .values("pairing")
                    .annotate(m=Sum("duration_minutes"))
                    .values("m"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            actions_agreed=count_per_pairing(Action),
            actions_closed=count_per_pairing(Action, status__in=[Action.Status.DONE, Action.Status.DROPPED]),
            signed_count=count_per_pairing(AgreementSignature, version=programme.agreement_version),
            rapport_count=count_per_pairing(RapportAnswer),
            concern_open=Exists(Concern.objects.filter(pairing=OuterRef("pk"), resolved_at__isnull=True)),
            since=quiet_since(),
        )
        .annotate(
            flagged=Exists(
                Nudge.objects.filter(pairing=OuterRef("pk"), since=OuterRef("since"), flagged_on__isnull=False)
            )
        )
        .order_by("mentee__user__name")
    )
    for row in rows:
        row.hours = round(row.total_minutes / 60, 1)
        row.days_quiet = (today - row.since).days
        current = row.status in Pairing.CURRENT
        row.flags = [
            label
            for label, raised in [
                (f"No meeting for {row.days_quiet} days", current and row.days_quiet >= programme.nudge_after_days),
                (
                    "Rapport check pending",
                    programme.rapport_check and row.status == Pairing.Status.INTRODUCED and row.rapport_count < 2,
                ),
                ("Re-match requested", row.status == Pairing.Status.REMATCH),
                ("Concern raised", row.concern_open),
                ("Flagged: two nudges unanswered", current and row.flagged),
            ]
            if raised
        ]
    return rows


def monitoring_totals(rows) -> dict:
    current = [r for r in rows if r.status in Pairing.CURRENT]
    return {
        "pairings": len(rows),
        "meetings": sum(r.meetings_held for r in rows),
        "hours": round(sum(r.total_minutes for r in rows) / 60, 1),
        "flagged": sum(1 for r in current if r.flags),
    }


def outcomes_register(*, programme):
    return Outcome.objects.filter(programme=programme).select_related("cohort")
