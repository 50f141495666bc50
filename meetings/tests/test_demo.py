import datetime

import pytest
from django.utils import timezone

from matching.models import Pairing
from meetings.models import Action, Meeting, Nudge, Outcome, ScheduledMeeting
from meetings.reminders import nudges_scan
from meetings.selectors import monitoring_rows
from programmes.models import Cohort, Participant
from remento.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_pairs_at_different_stages_and_outcomes_and_loads_twice():
    logins = seed_demo()
    counts = (
        Meeting.objects.count(),
        Action.objects.count(),
        Outcome.objects.count(),
        ScheduledMeeting.objects.count(),
    )
    seed_demo()
    assert (
        Meeting.objects.count(), Action.objects.count(), Outcome.objects.count(), ScheduledMeeting.objects.count()
    ) == counts  # fmt: skip
    pilot = Cohort.objects.get(name="Pilot 2026")
    if not Pairing.objects.filter(cohort=pilot).exists():
        pytest.skip("matching's demo has not published pairings")
    rows = monitoring_rows(cohort=pilot)
    assert any(r.meetings_held >= 3 and not r.flags for r in rows)  # meeting regularly
    assert any(any(f.startswith("No meeting for") for f in r.flags) for r in rows)  # overdue
    # The nudges are those the daily scan would have sent, on the days it would have sent them.
    assert any("Flagged: two nudges unanswered" in r.flags for r in rows)
    interval = datetime.timedelta(days=pilot.programme.nudge_after_days)
    never_met = next(r for r in rows if r.status == Pairing.Status.ACTIVE and r.meetings_held == 0)
    paired_on = never_met.since  # the pilot's pairings were all published on one day
    assert _nudges(never_met) == [
        (paired_on, 1, paired_on + interval, None),
        (paired_on, 2, paired_on + 2 * interval, paired_on + 3 * interval),
    ]
    met_once = next(r for r in rows if r.meetings_held == 1)
    assert met_once.last_meeting - paired_on > interval and timezone.localdate() - met_once.last_meeting > interval
    assert _nudges(met_once) == [
        (paired_on, 1, paired_on + interval, None),  # answered by the meeting
        (met_once.last_meeting, 1, met_once.last_meeting + interval, None),
    ]
    regular = next(r for r in rows if r.meetings_held == 4 and not r.flags)
    assert _nudges(regular) == []
    # Replaying the real scan today finds nothing left to send or flag.
    nudges = list(Nudge.objects.order_by("pk").values_list("pairing", "since", "number", "sent_on", "flagged_on"))
    assert nudges_scan(today=timezone.localdate()) == {"nudged": 0, "flagged": 0}
    assert (
        list(Nudge.objects.order_by("pk").values_list("pairing", "since", "number", "sent_on", "flagged_on")) == nudges
    )
    assert Action.objects.filter(status="open").exists() and Action.objects.filter(status="done").exists()
    titles = set(Outcome.objects.values_list("title", flat=True))
    assert {"New lanyards with a rainbow design", "Pin badges for staff network allies"} <= titles
    mentor = Participant.objects.get(user__email=logins["Mentor"], cohort=pilot)
    demo_pairing = Pairing.objects.get(mentor=mentor)
    assert demo_pairing.meetings.count() == 3 and demo_pairing.actions.filter(status="open").exists()
    assert demo_pairing.scheduled_meetings.filter(cancelled=False).exists()


def _nudges(row) -> list:
    return list(
        Nudge.objects.filter(pairing=row.pk)
        .order_by("since", "number")
        .values_list("since", "number", "sent_on", "flagged_on")
    )


def test_loading_the_demo_again_flags_a_quiet_pair_whose_flag_has_come_due_since():
    seed_demo()
    flagged = Nudge.objects.filter(flagged_on__isnull=False)
    pairing_ids, when = (
        set(flagged.values_list("pairing", flat=True)),
        set(flagged.values_list("flagged_on", flat=True)),
    )
    assert pairing_ids
    flagged.update(flagged_on=None)  # as if the demo had first been loaded before the flags came due
    seed_demo()
    assert set(flagged.values_list("pairing", flat=True)) == pairing_ids
    assert set(flagged.values_list("flagged_on", flat=True)) == when
