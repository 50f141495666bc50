"""Where email links point: SITE_URL when set; in the demo (unset) the address the site was opened at."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications import checks
from notifications.links import FALLBACK, site_url


@pytest.mark.django_db(transaction=True)
def test_with_site_url_unset_an_email_links_to_the_host_and_port_the_site_was_opened_at(world, settings):
    settings.SITE_URL = ""
    pairing = world.objects["pairing"]
    response = world.client_for("mentor").post(
        reverse("matching:concern", args=[pairing.pk]),
        {"message": "We keep missing each other"},
        HTTP_HOST="127.0.0.1:8123",
    )
    assert response.status_code == 302
    assert mail.outbox, "raising a concern emails the leads"
    for message in mail.outbox:
        assert "http://127.0.0.1:8123/" in message.body
        assert ":8000" not in message.body


@pytest.mark.django_db(transaction=True)
def test_a_set_site_url_wins_over_the_request(world, settings):
    settings.SITE_URL = "https://remento.example.org"
    world.client_for("mentor").post(
        reverse("matching:concern", args=[world.objects["pairing"].pk]),
        {"message": "Hello"},
        HTTP_HOST="127.0.0.1:8123",
    )
    assert mail.outbox and all("https://remento.example.org/" in m.body for m in mail.outbox)
    assert not any("8123" in m.body for m in mail.outbox)


def test_outside_a_request_with_site_url_unset_links_fall_back_and_the_deploy_check_says_so(settings):
    settings.SITE_URL = ""
    assert site_url() == FALLBACK
    assert [problem.id for problem in checks.email_settings_check(None)] == ["notifications.W001"]
    settings.SITE_URL = "https://remento.example.org"
    assert site_url() == "https://remento.example.org"
    assert checks.email_settings_check(None) == []


def test_the_deploy_check_asks_for_the_backend_that_knows_when_a_message_was_handed_over(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert [problem.id for problem in checks.email_settings_check(None)] == ["notifications.W002"]
