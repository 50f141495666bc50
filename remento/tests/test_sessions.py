"""Sessions end after 30 minutes idle and 12 hours in all; signing out ends them on the server."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.sessions import LAST_SEEN_AT, SIGNED_IN_AT
from accounts.tests.factories import UserFactory
from remento.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

MINUTE = 60
HOUR = 60 * MINUTE


@pytest.fixture
def signed_in(client):
    person = UserFactory()
    response = client.post(reverse("account_login"), {"login": person.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def _age(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_signing_out_deletes_the_session_on_the_server(signed_in):
    key = signed_in.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    signed_in.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert signed_in.get(reverse("home")).status_code == 302


def test_a_session_idle_for_more_than_30_minutes_is_over(signed_in):
    key = signed_in.session.session_key
    _age(signed_in, **{LAST_SEEN_AT: 31 * MINUTE})
    response = signed_in.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not Session.objects.filter(session_key=key).exists()
    page = signed_in.get(response["Location"]).content.decode()
    assert "signed out after 30 minutes without activity" in page


def test_a_session_used_within_30_minutes_goes_on(signed_in):
    _age(signed_in, **{LAST_SEEN_AT: 29 * MINUTE})
    assert signed_in.get(reverse("home")).status_code == 200
    assert time.time() - signed_in.session[LAST_SEEN_AT] < MINUTE  # the idle clock starts again


def test_a_session_in_use_ends_12_hours_after_signing_in(signed_in):
    _age(signed_in, **{SIGNED_IN_AT: 12 * HOUR + MINUTE, LAST_SEEN_AT: MINUTE})
    response = signed_in.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_session_in_use_for_11_hours_goes_on(signed_in):
    _age(signed_in, **{SIGNED_IN_AT: 11 * HOUR, LAST_SEEN_AT: MINUTE})
    assert signed_in.get(reverse("home")).status_code == 200


def test_the_session_row_expires_by_itself_30_minutes_after_last_use(signed_in):
    _age(signed_in, **{LAST_SEEN_AT: 5 * MINUTE})
    signed_in.get(reverse("home"))
    row = Session.objects.get(session_key=signed_in.session.session_key)
    assert timezone.timedelta(minutes=29) < row.expire_date - timezone.now() <= timezone.timedelta(minutes=30)


def test_signing_in_again_starts_the_clocks_afresh(client):
    person = UserFactory()
    client.force_login(person)
    _age(client, **{SIGNED_IN_AT: 11 * HOUR})
    client.force_login(person)  # Django's login(), as every allauth sign-in flow ends
    assert time.time() - client.session[SIGNED_IN_AT] < MINUTE


def test_expired_session_rows_are_deleted_by_the_scheduled_task(signed_in):
    from accounts.tasks import sessions_clear_expired
    from remento.celery import app

    assert app.conf.beat_schedule["accounts-sessions-clear-expired"]["task"] == sessions_clear_expired.name
    key = signed_in.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    live = Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() + timezone.timedelta(minutes=5)
    )
    assert sessions_clear_expired() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
