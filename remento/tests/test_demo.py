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
