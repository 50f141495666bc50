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
    # The nudges are those the daily scan would have sent: replaying it today changes nothing.
    assert any("Flagged: two nudges unanswered" in r.flags for r in rows)
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
