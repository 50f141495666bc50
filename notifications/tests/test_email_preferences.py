import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import UserFactory
from notifications import kinds, services
from notifications.models import EmailPreference, Notification

pytestmark = pytest.mark.django_db
URL = reverse("notifications:preferences")


@pytest.fixture(autouse=True)
def test_kinds():
    kinds.register(kinds.Kind("test_hello", reason="a test registered this kind"))
    kinds.register(kinds.Kind("test_nudge", reason="you have not met for a while", optional=True, label="Nudges"))
    yield
    kinds.KINDS.pop("test_hello", None)
    kinds.KINDS.pop("test_nudge", None)


def test_it_requires_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_person_sees_only_the_optional_kinds_all_ticked_at_first(client):
    client.force_login(UserFactory())
    response = client.get(URL)
    page = response.content.decode()
    assert "Nudges" in page and "test_hello" not in page
    # Every optional kind (apps register their own reminders too) is ticked; the others are not offered.
    ticked = response.context["form"].initial["kinds"]
    assert "test_nudge" in ticked and "test_hello" not in ticked
    assert set(ticked) == {kind.name for kind in kinds.KINDS.values() if kind.optional}


def test_turning_a_kind_off_stops_it_and_leaves_the_others(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(URL, {})  # nothing ticked
    assert response.status_code == 302
    nudge = services.notification_queue(kind="test_nudge", recipient=person, subject=person)
    hello = services.notification_queue(kind="test_hello", recipient=person, subject=person)
    assert services.notification_send(notification_id=nudge.pk) is False
    assert services.notification_send(notification_id=hello.pk) is True
    nudge.refresh_from_db()
    assert nudge.status == Notification.Status.SKIPPED
    assert len(mail.outbox) == 1


def test_one_persons_choice_does_not_touch_anothers(client):
    person, other = UserFactory(), UserFactory()
    client.force_login(person)
    client.post(URL, {})
    assert services.email_wanted(user=other, kind="test_nudge")
    assert not services.email_wanted(user=person, kind="test_nudge")
    client.post(URL, {"kinds": ["test_nudge"]})
    assert services.email_wanted(user=person, kind="test_nudge")


def test_an_unknown_kind_gets_a_message_beside_the_field_and_saves_nothing(client):
    client.force_login(UserFactory())
    response = client.post(URL, {"kinds": ["no_such_kind"]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not EmailPreference.objects.exists()


def test_the_page_runs_the_same_queries_however_many_choices_are_saved(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = UserFactory()
    client.force_login(person)
    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    for n in range(10):
        EmailPreference.objects.create(user=person, kind=f"old_kind_{n}", enabled=False)
    with CaptureQueriesContext(connection) as after:
        client.get(URL)
    assert len(before) == len(after)
