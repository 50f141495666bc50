"""Consent: withdrawing it removes disclosures at once; giving it records the privacy-notice version shown."""

import pytest
from django.urls import reverse

from programmes.models import ConsentEvent
from programmes.services.organisation import privacy_update

pytestmark = pytest.mark.django_db


def _share(client, mentor, topic, text="Grew up in care"):
    return client.post(
        reverse("programmes:disclosures", args=[mentor.pk]),
        {"consent": "on", "shared_topics": [topic.pk], "shared_text": text, "disclosure_visibility": "leads",
         "avoid_visibility": "leads"},
    )  # fmt: skip


def test_withdrawing_consent_removes_every_disclosure_at_once(world):
    mentor, topic = world.objects["mentor"], world.objects["topic"]
    client = world.client_for("mentor")
    _share(client, mentor, topic)
    mentor.refresh_from_db()
    assert mentor.shared_text == "Grew up in care" and mentor.shared_topics.exists()
    client.post(reverse("programmes:withdraw_consent", args=[mentor.pk]))
    mentor.refresh_from_db()
    assert mentor.shared_text == "" and not mentor.shared_topics.exists() and mentor.consent_given_at is None
    assert list(ConsentEvent.objects.filter(participant=mentor).values_list("action", flat=True)) == [
        "given",
        "withdrawn",
    ]


def test_consent_records_the_version_of_the_privacy_notice_that_was_shown(world):
    mentor, topic = world.objects["mentor"], world.objects["topic"]
    privacy_update(organisation=world.organisation, privacy_notice="We use this to match you.", retention_days=365)
    world.organisation.refresh_from_db()
    version = world.organisation.privacy_notice_version
    assert version == 2
    client = world.client_for("mentor")
    page = client.get(reverse("programmes:disclosures", args=[mentor.pk])).content.decode()
    assert "We use this to match you." in page and f"version {version}" in page
    assert reverse("privacy:notice", args=[world.organisation.pk]) in page  # linked from the form
    _share(client, mentor, topic)
    mentor.refresh_from_db()
    assert mentor.consent_version == version
    assert ConsentEvent.objects.get(participant=mentor).notice_version == version


def test_a_changed_notice_asks_for_consent_again_and_records_the_new_version(world):
    mentor, topic = world.objects["mentor"], world.objects["topic"]
    client = world.client_for("mentor")
    _share(client, mentor, topic)
    privacy_update(organisation=world.organisation, privacy_notice="A new purpose.", retention_days=365)
    _share(client, mentor, topic)
    assert list(ConsentEvent.objects.filter(participant=mentor).values_list("notice_version", flat=True)) == [1, 2]


def test_the_application_form_links_the_privacy_notice(world):
    mentor = world.objects["mentor"]
    page = world.client_for("mentor").get(reverse("programmes:apply", args=[mentor.pk])).content.decode()
    assert reverse("privacy:notice", args=[world.organisation.pk]) in page


def test_the_privacy_notice_page_shows_the_current_wording_and_retention(world):
    privacy_update(organisation=world.organisation, privacy_notice="Used only for matching.", retention_days=200)
    page = world.client_for("mentee").get(reverse("privacy:notice", args=[world.organisation.pk])).content.decode()
    assert "Used only for matching." in page and "200 days" in page and "version 2" in page
