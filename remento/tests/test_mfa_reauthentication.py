"""Re-authentication before a lead reads what a person disclosed (and before export and erasure, in privacy/)."""

import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.conf import settings
from django.urls import reverse

from remento.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _signed_in_long_ago(client):
    """Make every sign-in and re-authentication in the session older than the re-authentication window."""
    session = client.session
    for record in session[AUTHENTICATION_METHODS_SESSION_KEY]:
        record["at"] = time.time() - settings.ACCOUNT_REAUTHENTICATION_TIMEOUT - 60
    session.save()


def test_a_lead_who_has_just_signed_in_reads_a_participants_page(world):
    client = world.client_for("lead")
    assert client.get(reverse("programmes:participant", args=[world.objects["mentor"].pk])).status_code == 200


def test_a_lead_who_signed_in_a_while_ago_types_the_password_again_before_reading_disclosures(world):
    client = world.client_for("lead")
    _signed_in_long_ago(client)
    url = reverse("programmes:participant", args=[world.objects["mentor"].pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == url
    assert client.get(url).status_code == 200


def test_a_wrong_password_on_re_authentication_does_not_open_the_page(world):
    client = world.client_for("lead")
    _signed_in_long_ago(client)
    url = reverse("programmes:participant", args=[world.objects["mentor"].pk])
    response = client.post(client.get(url)["Location"], {"password": "not-it-at-all"})
    assert response.status_code == 200
    assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    ("role", "url_name", "arguments"),
    [
        ("mentor", "privacy:my_data", lambda w: []),
        ("mentor", "privacy:my_data_download", lambda w: []),
        ("mentor", "privacy:erase", lambda w: []),
        ("lead", "privacy:lead_erase", lambda w: [w.objects["mentor"].pk]),
    ],
)
def test_exporting_or_erasing_needs_a_recent_sign_in(world, role, url_name, arguments):
    mentor = world.objects["mentor"].user
    email = mentor.email
    client = world.client_for(role)
    url = reverse(url_name, args=arguments(world))
    assert client.get(url).status_code == 200
    _signed_in_long_ago(client)
    for response in (client.get(url), client.post(url, {"confirm": "on"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))
    mentor.refresh_from_db()
    assert mentor.email == email  # nothing was erased
