"""Sign-in rate limits count per person's address behind the proxy of docs/deploy.md, not per proxy.

Every request reaches gunicorn from the proxy (127.0.0.1 here); nginx appends the address it saw to
X-Forwarded-For (`$proxy_add_x_forwarded_for`), after anything the client sent in that header.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.tests.factories import UserFactory
from remento.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
ATTACKER = "203.0.113.5"


def _through_the_proxy(client, client_address, *, sent_by_client=""):
    """Post to the sign-in page as the proxy forwards it: what the client sent, then the address it came from."""
    forwarded = f"{sent_by_client}, {client_address}" if sent_by_client else client_address

    def post(email, password):
        return client.post(
            reverse("account_login"),
            {"login": email, "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    return post


def _limited(response) -> bool:
    """allauth answers 429 past the sign-in limit, and a form error past the failed sign-in limit."""
    return response.status_code == 429 or "Too many failed login attempts" in response.content.decode()


def _signed_in(response, client) -> bool:
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_the_settings_trust_exactly_the_one_proxy_the_deploy_guide_describes():
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 1


def test_one_persons_failed_sign_ins_do_not_lock_everyone_else_out(client, django_user_model):
    colleagues = [UserFactory(email=f"colleague{n}@example.org") for n in range(31)]
    attacker = _through_the_proxy(client, ATTACKER)
    answers = [attacker(f"guess{n}@example.org", "not-the-password") for n in range(11)]
    assert _limited(answers[-1]) and not _limited(answers[0]), "the attacker's own address is limited"

    # More people than the site-wide limit of 30 a minute once was, each from their own address.
    for n, colleague in enumerate(colleagues):
        client.logout()
        response = _through_the_proxy(client, f"198.51.100.{n + 1}")(colleague.email, DEMO_PASSWORD)
        assert _signed_in(response, client), f"colleague {n} was refused ({response.status_code})"


def test_an_address_the_client_writes_into_the_header_is_not_believed(client):
    colleague = UserFactory(email="colleague@example.org")
    # The attacker claims to be the colleague's address, and a fresh address on every try.
    answers = []
    for n in range(11):
        attacker = _through_the_proxy(client, ATTACKER, sent_by_client=f"198.51.100.7, 192.0.2.{n + 1}")
        answers.append(attacker(f"guess{n}@example.org", "not-the-password"))
    assert _limited(answers[-1]) and not _limited(answers[0]), "a made-up X-Forwarded-For entry escapes nothing"

    response = _through_the_proxy(client, "198.51.100.7")(colleague.email, DEMO_PASSWORD)
    assert _signed_in(response, client), "the colleague whose address was claimed still signs in"
