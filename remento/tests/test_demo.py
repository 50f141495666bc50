import re
from pathlib import Path

import pytest

from accounts.models import User
from programmes.models import Cohort, Participant
from remento.demo import FIRST_NAMES, LAST_NAMES, seed_demo

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
pytestmark = pytest.mark.django_db


def test_the_demo_gives_one_login_per_role_and_can_be_loaded_twice():
    logins = seed_demo()
    counts = (User.objects.count(), Participant.objects.count(), Cohort.objects.count())
    assert seed_demo() == logins
    assert (User.objects.count(), Participant.objects.count(), Cohort.objects.count()) == counts
    assert set(logins) == {
        "Site administrator",
        "Organisation administrator",
        "Programme lead",
        "Steering group member",
        "Mentor",
        "Mentee",
        "Programme lead with proposals to review (Westbury Council)",
    }
    assert User.objects.get(email=logins["Site administrator"]).is_staff


def test_the_demo_pilot_has_24_mentors_and_24_mentees():
    seed_demo()
    pilot = Cohort.objects.get(name="Pilot 2026")
    assert pilot.participants.filter(role=Participant.Role.MENTOR).count() == 24
    assert pilot.participants.filter(role=Participant.Role.MENTEE).count() == 24


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds is not beside this checkout")
def test_no_demo_name_belongs_to_someone_quoted_in_the_seed_write_ups():
    text = " ".join(path.read_text(errors="ignore") for path in SEEDS.glob("*.txt"))
    quoted = set(re.findall(r"\b[A-Z][a-z]+\b", text))
    assert not quoted & (set(FIRST_NAMES) | set(LAST_NAMES))


def test_the_demo_schedule_opens_the_per_pair_survey_for_pairs_that_have_met_four_times():
    """`make demo` runs the beat's schedule beside the server (manage.py rundemo): the demo pair, three meetings in,
    is invited to the "after four meetings" survey once either of them logs a fourth."""
    import datetime

    from django.utils import timezone

    from evaluation.demo import PER_PAIR_SURVEY
    from evaluation.models import Invitation, Survey
    from matching.models import Pairing
    from meetings.services import meeting_log
    from remento.management.commands.rundemo import run_schedule_once

    logins = seed_demo()
    survey = Survey.objects.get(title=PER_PAIR_SURVEY)
    assert survey.trigger == Survey.Trigger.MEETINGS and not survey.invitations.exists()
    results = run_schedule_once()
    assert not any(str(result).startswith("failed") for result in results.values()), results
    demo_pair = Pairing.objects.get(mentor__user__email=logins["Mentor"], mentee__user__email=logins["Mentee"])
    invited = set(Invitation.objects.filter(survey=survey).values_list("participant_id", flat=True))
    assert invited and not invited & {demo_pair.mentor_id, demo_pair.mentee_id}
    assert demo_pair.meetings.count() == 3
    meeting_log(
        pairing=demo_pair,
        by=demo_pair.mentee,
        fields={
            "held_on": timezone.localdate() - datetime.timedelta(days=1),
            "duration_minutes": 60,
            "format": "online",
            "activity": "conversation",
            "summary": "",
        },
    )
    run_schedule_once()
    invited = set(Invitation.objects.filter(survey=survey).values_list("participant_id", flat=True))
    assert {demo_pair.mentor_id, demo_pair.mentee_id} <= invited
    assert run_schedule_once()["evaluation.tasks.scan_surveys"]["invited"] == 0  # each person is invited once
