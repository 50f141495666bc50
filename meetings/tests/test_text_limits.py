"""Free text in the pair's space and the outcomes register has a sensible limit, refused beside the field.

The issue's case: a meeting summary of 70,000 characters used to be accepted.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.limits import LONG_TEXT, SHORT_TEXT, TEXT
from meetings.models import Action, Meeting, Outcome, Reflection
from meetings.tests.factories import ActionFactory, MeetingFactory
from meetings.tests.test_pair_page import log_data, paired_two_months_ago  # noqa: F401 (autouse: meetings fall within the pairing)
from remento.testing.text_limits import assert_refused_beside_the_field, too_long

pytestmark = pytest.mark.django_db


def _everything(world):
    """What the pair's space and the register hold, to see that a refused post stored nothing."""
    return (
        list(Meeting.objects.values_list("summary", flat=True)),
        list(Reflection.objects.values_list("text", flat=True)),
        list(Action.objects.values_list("description", "outcome")),
        list(Outcome.objects.values_list("description", flat=True)),
    )


def test_a_meeting_summary_of_seventy_thousand_characters_is_refused_and_nothing_is_logged(world):
    typed = too_long(70_000 - 1)
    response = world.client_for("mentee").post(
        reverse("meetings:meeting_log", args=[world.objects["pairing"].pk]), log_data(world, **{"log-summary": typed})
    )
    assert_refused_beside_the_field(response, "id_log-summary", typed, LONG_TEXT)
    assert not Meeting.objects.exists() and not Action.objects.exists() and not Reflection.objects.exists()


CASES = {
    # name: (role, url, data given the text, the field's id, limit)
    "the summary": (
        "mentee",
        lambda w: reverse("meetings:meeting_log", args=[w.objects["pairing"].pk]),
        lambda w, text: log_data(w, **{"log-summary": text}),
        "id_log-summary",
        LONG_TEXT,
    ),
    "a reflection logged with the meeting": (
        "mentee",
        lambda w: reverse("meetings:meeting_log", args=[w.objects["pairing"].pk]),
        lambda w, text: log_data(w, **{"log-reflection": text}),
        "id_log-reflection",
        LONG_TEXT,
    ),
    "an action logged with the meeting": (
        "mentee",
        lambda w: reverse("meetings:meeting_log", args=[w.objects["pairing"].pk]),
        lambda w, text: log_data(w, **{"log-action_description": text}),
        "id_log-action_description",
        SHORT_TEXT,
    ),
    "a reflection on its own page": (
        "mentor",
        lambda w: reverse("meetings:reflection", args=[MeetingFactory(pairing=w.objects["pairing"]).pk]),
        lambda w, text: {"text": text},
        "id_text",
        LONG_TEXT,
    ),
    "a corrected summary": (
        "mentor",
        lambda w: reverse("meetings:meeting", args=[MeetingFactory(pairing=w.objects["pairing"]).pk]),
        lambda w, text: {
            "held_on": timezone.localdate().isoformat(),
            "duration_minutes": 60,
            "format": "online",
            "activity": "conversation",
            "summary": text,
        },  # fmt: skip
        "id_summary",
        LONG_TEXT,
    ),
    "an action": (
        "mentee",
        lambda w: reverse("meetings:action_add", args=[w.objects["pairing"].pk]),
        lambda w, text: {"action-description": text, "action-owner": "mentor"},
        "id_action-description",
        SHORT_TEXT,
    ),
    "an action's outcome": (
        "mentor",
        lambda w: reverse("meetings:action", args=[ActionFactory(pairing=w.objects["pairing"]).pk]),
        lambda w, text: {"status": "done", "outcome": text},
        "id_outcome",
        TEXT,
    ),
    "an outcome a lead adds to the register": (
        "lead",
        lambda w: reverse("meetings:outcomes", args=[w.programme.pk]),
        lambda w, text: {
            "title": "Pin badges",
            "category": "culture",
            "achieved_on": "2026-01-01",
            "cohort": w.cohort.pk,
            "description": text,
        },  # fmt: skip
        "id_description",
        TEXT,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_too_much_text_is_refused_beside_the_field_and_nothing_typed_is_lost(world, case):
    role, url, data, field_id, limit = CASES[case]
    address = url(world)
    before = _everything(world)
    typed = too_long(limit)
    response = world.client_for(role).post(address, data(world, typed))
    assert_refused_beside_the_field(response, field_id, typed, limit)
    assert _everything(world) == before

    response = world.client_for(role).post(address, data(world, typed[:-1]))
    assert response.status_code == 302, case
    assert _everything(world) != before
