import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from remento.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_people_sign_in_with_their_email_in_any_case(client):
    person = UserFactory(email="ada.example@example.org")
    response = client.post(reverse("account_login"), {"login": "Ada.Example@Example.org", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == person


def test_a_wrong_password_gets_a_message_on_the_form(client):
    UserFactory(email="ada@example.org")
    response = client.post(reverse("account_login"), {"login": "ada@example.org", "password": "not-it"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_repeated_failed_sign_ins_are_rate_limited(client):
    UserFactory(email="ada@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "ada@example.org", "password": "not-it"})
    response = client.post(reverse("account_login"), {"login": "ada@example.org", "password": DEMO_PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    UserFactory(email="ada@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "ada@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_a_person_who_rarely_signs_in_can_ask_for_an_emailed_code(client):
    UserFactory(email="ada@example.org")
    response = client.post(reverse("account_request_login_code"), {"email": "ada@example.org"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["ada@example.org"]


def test_the_home_page_requires_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_self_registration_is_closed_unless_the_organisation_opens_it(client):
    response = client.post(
        reverse("account_signup"), {"email": "new@example.org", "password1": "a-long-pass-phrase", "password2": "x"}
    )
    assert not User.objects.filter(email="new@example.org").exists()
    assert response.status_code == 200 and "closed" in response.content.decode().lower()


def test_users_have_no_username_and_emails_are_stored_lower_case():
    user = User.objects.create_user("Mixed.Case@Example.ORG", "pw-123456789")
    assert user.email == "mixed.case@example.org"
    assert not hasattr(user, "username")
    assert User.USERNAME_FIELD == "email"
