"""Free text in programme forms has a sensible limit, refused beside the field with nothing typed lost."""

import pytest
from django.urls import reverse

from accounts.limits import DOCUMENT, LONG_TEXT, SHORT_TEXT, TEXT
from programmes.models import MeetingGuideItem, Organisation, Participant, Programme
from programmes.tests.test_leads_settings import settings_data
from remento.testing.text_limits import assert_refused_beside_the_field, too_long

pytestmark = pytest.mark.django_db


def _application(world, objectives):
    return {
        "grade": world.objects["grades"][1].pk,
        "objectives": objectives,
        "meeting_format": "online",
        "capacity": 1,
    }


CASES = {
    # name: (role, url, data given the text, the field's id, limit, what must not have changed)
    "application objectives": (
        "mentor",
        lambda w: reverse("programmes:apply", args=[w.objects["mentor"].pk]),
        _application,
        "id_objectives",
        TEXT,
        lambda w: Participant.objects.get(pk=w.objects["mentor"].pk).objectives,
    ),
    "what a mentor is comfortable sharing": (
        "mentor",
        lambda w: reverse("programmes:disclosures", args=[w.objects["mentor"].pk]),
        lambda w, text: {
            "shared_text": text,
            "consent": "on",
            "disclosure_visibility": "leads",
            "avoid_visibility": "leads",
        },
        "id_shared_text",
        SHORT_TEXT,
        lambda w: Participant.objects.get(pk=w.objects["mentor"].pk).shared_text,
    ),
    "a lead's note": (
        "lead",
        lambda w: reverse("programmes:participant", args=[w.objects["mentor"].pk]),
        lambda w, text: {"lead_note": text, "ready_to_match": "on"},
        "id_lead_note",
        TEXT,
        lambda w: Participant.objects.get(pk=w.objects["mentor"].pk).lead_note,
    ),
    "the agreement": (
        "lead",
        lambda w: reverse("programmes:programme_settings", args=[w.programme.pk]),
        lambda w, text: settings_data(w, agreement_text=text),
        "id_agreement_text",
        DOCUMENT,
        lambda w: Programme.objects.get(pk=w.programme.pk).agreement_text,
    ),
    "a meeting guide's agenda": (
        "lead",
        lambda w: reverse("programmes:programme_people", args=[w.programme.pk]),
        lambda w, text: {"form": "guide", "meeting_number": 1, "agenda": text},
        "id_agenda",
        TEXT,
        lambda w: list(MeetingGuideItem.objects.values_list("agenda", flat=True)),
    ),
    "the steering group's reasons": (
        "lead",
        lambda w: reverse("programmes:cohort_next_steps", args=[w.cohort.pk]),
        lambda w, text: {"next_steps": "continue", "next_steps_notes": text},
        "id_next_steps_notes",
        LONG_TEXT,
        lambda w: w.cohort.__class__.objects.get(pk=w.cohort.pk).next_steps_notes,
    ),
    "the privacy notice": (
        "org_admin",
        lambda w: reverse("programmes:privacy_update", args=[w.organisation.pk]),
        lambda w, text: {"privacy_notice": text, "retention_days": 365},
        "id_privacy_notice",
        DOCUMENT,
        lambda w: Organisation.objects.get(pk=w.organisation.pk).privacy_notice,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_too_much_text_is_refused_beside_the_field_and_nothing_typed_is_lost(world, case):
    role, url, data, field_id, limit, stored = CASES[case]
    before = stored(world)
    typed = too_long(limit)
    response = world.client_for(role).post(url(world), data(world, typed))
    assert_refused_beside_the_field(response, field_id, typed, limit)
    assert stored(world) == before

    # One character fewer is accepted.
    response = world.client_for(role).post(url(world), data(world, typed[:-1]))
    assert response.status_code == 302, case
    assert stored(world) in (typed[:-1].strip(), [typed[:-1].strip()])
