"""A person's own account: the name asked on first sign-in, the Account page, confirming it is you by code."""

import re
import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.services import user_get_or_invite
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_signed_in_without_a_name_is_asked_for_it_then_goes_where_they_were_going(client):
    person = user_get_or_invite(email="new.lead@example.org")
    client.force_login(person)
    response = client.get(reverse("privacy:my_data") + "?x=1")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:name") + "?next=%2Fmy-data%2F%3Fx%3D1"
    page = client.get(response["Location"])
    assert "What should we call you?" in page.content.decode()
    response = client.post(reverse("accounts:name"), {"name": "  Priya   Shah ", "next": "/my-data/?x=1"})
    assert response.status_code == 302 and response["Location"] == "/my-data/?x=1"
    person.refresh_from_db()
    assert person.name == "Priya Shah"
    assert client.get(reverse("home")).status_code == 200


def test_an_empty_name_is_explained_beside_the_field(client):
    client.force_login(user_get_or_invite(email="new.lead@example.org"))
    response = client.post(reverse("accounts:name"), {"name": "   ", "next": "/"})
    assert response.status_code == 200
    assert "Enter your name." in response.content.decode()


def test_the_name_page_does_not_send_anyone_to_another_site(client):
    client.force_login(user_get_or_invite(email="new.lead@example.org"))
    response = client.post(reverse("accounts:name"), {"name": "Priya Shah", "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_a_posted_form_is_never_turned_into_a_redirect_to_the_name_page(client):
    person = user_get_or_invite(email="new.lead@example.org")
    client.force_login(person)
    response = client.post(reverse("notifications:preferences"), {})
    assert not response.get("Location", "").startswith(reverse("accounts:name"))


def test_signing_out_and_allauth_pages_are_reachable_without_a_name(client):
    client.force_login(user_get_or_invite(email="new.lead@example.org"))
    assert client.get(reverse("account_email")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_account_page_shows_name_and_email_in_the_sites_words(client):
    person = UserFactory(name="Ada Lovelace", email="ada@example.org")
    client.force_login(person)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Your account" in page and "Ada Lovelace" in page and "ada@example.org" in page
    assert "Email Addresses" not in page
    response = client.post(reverse("accounts:account"), {"name": ""})
    assert "Enter your name." in response.content.decode()
    client.post(reverse("accounts:account"), {"name": "Ada King"})
    person.refresh_from_db()
    assert person.name == "Ada King"


def test_changing_the_email_address_is_in_the_sites_words_and_still_allauths(client):
    person = UserFactory(email="ada@example.org")
    client.force_login(person)
    page = client.get(reverse("account_email")).content.decode()
    assert "Your email address" in page and "ada@example.org: confirmed, used to sign in" in page
    assert "Email Addresses" not in page
    response = client.post(reverse("account_email"), {"action_add": "", "email": "ada.new@example.org"})
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=person, email="ada.new@example.org", verified=False).exists()
    assert mail.outbox and mail.outbox[-1].to == ["ada.new@example.org"]


def test_the_menu_links_account_to_our_account_page(client):
    client.force_login(UserFactory())
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accounts:account")}"' in page


# --- Confirming it is you, for people who sign in only by code ---------------------------------------


def _signed_in_long_ago(client, person):
    """Signed in, as far as re-authentication is concerned, twenty minutes ago (the timeout is fifteen)."""
    client.force_login(person)
    session = client.session
    for record in session[AUTHENTICATION_METHODS_SESSION_KEY]:
        record["at"] = time.time() - 20 * 60
    session.save()


def _code_in(message) -> str:
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE).group(1)


def _wrong(code: str) -> str:
    return "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB"


def _code_only_person():
    person = user_get_or_invite(email="code.only@example.org", name="Sam Code")
    EmailAddress.objects.filter(user=person).update(verified=True)
    return person


def test_a_person_without_a_password_is_asked_for_a_fresh_code_before_downloading_their_data(client):
    person = _code_only_person()
    assert not person.has_usable_password()
    _signed_in_long_ago(client, person)
    response = client.get(reverse("privacy:my_data_download"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauthenticate_code"))
    assert "attachment" not in response.get("Content-Disposition", "")


@pytest.mark.parametrize("name", ["privacy:my_data", "privacy:erase"])
def test_other_sensitive_pages_ask_a_person_without_a_password_for_a_code_too(client, name):
    _signed_in_long_ago(client, _code_only_person())
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:reauthenticate_code"))


def test_a_lead_without_a_password_is_asked_for_a_code_before_seeing_what_someone_shared(world, client):
    lead = world.users["lead"]
    lead.set_unusable_password()
    lead.save()
    _signed_in_long_ago(client, lead)
    response = client.get(reverse("programmes:participant", args=[world.objects["mentor"].pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:reauthenticate_code"))


def test_a_wrong_code_does_not_pass_and_nothing_passes_without_a_code(client):
    _signed_in_long_ago(client, _code_only_person())
    target = reverse("privacy:my_data_download")
    url = reverse("accounts:reauthenticate_code") + f"?next={target}"
    # Posting a code before any was sent passes nothing.
    client.post(url, {"code": "ABCD-EFGH", "next": target})
    assert client.get(target).status_code == 302
    client.post(url, {"send": "1", "next": target})
    [message] = mail.outbox
    response = client.post(url, {"code": _wrong(_code_in(message)), "next": target})
    assert response.status_code == 200 and "Incorrect code" in response.content.decode()
    assert client.get(target).status_code == 302


def test_three_wrong_codes_spend_the_code(client):
    _signed_in_long_ago(client, _code_only_person())
    url = reverse("accounts:reauthenticate_code")
    client.post(url, {"send": "1"})
    sent = _code_in(mail.outbox[0])
    for _ in range(3):
        client.post(url, {"code": _wrong(sent)})
    client.post(url, {"code": sent})
    assert client.get(reverse("privacy:my_data_download")).status_code == 302


def test_the_emailed_code_confirms_it_is_you_and_goes_on_to_the_page(client):
    person = _code_only_person()
    _signed_in_long_ago(client, person)
    target = reverse("privacy:my_data_download")
    response = client.get(target)
    url = response["Location"]
    page = client.get(url).content.decode()
    assert "Confirm it is you" in page and "code.only@example.org" in page
    client.post(url, {"send": "1", "next": target})
    [message] = mail.outbox
    assert message.to == ["code.only@example.org"] and "confirm it is you" in message.subject.lower()
    response = client.post(url, {"code": _code_in(message), "next": target})
    assert response.status_code == 302 and response["Location"] == target
    assert "attachment" in client.get(target)["Content-Disposition"]


def test_a_person_with_a_password_is_still_asked_for_it_and_may_use_a_code_instead(client):
    person = UserFactory()
    _signed_in_long_ago(client, person)
    response = client.get(reverse("privacy:my_data"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    page = client.get(response["Location"]).content.decode()
    assert "Email me a code" in page


def test_a_fresh_sign_in_is_confirmation_enough(client):
    client.force_login(_code_only_person())
    assert client.get(reverse("privacy:my_data")).status_code == 200
