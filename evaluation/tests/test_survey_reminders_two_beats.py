"""Two beats (a real deployment mistake) run the survey reminder scan at the same moment.

The second run is started at every point of the first in turn (before each of its queries), on a connection of
its own, and allowed to finish, or to wait for the first where a row lock says so. Each person owes one reminder:
they get exactly one, numbered 1, however the two runs interleave.
"""

import collections
import datetime
import threading

import pytest
from django.db import connection

from evaluation import services
from evaluation.models import Invitation
from evaluation.tests.factories import open_survey
from notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def _other_beat():
    try:
        services.reminders_send()
    finally:
        connection.close()


def _run_with_the_other_beat_before_query(number: int) -> int:
    """Run reminders_send, starting the other beat just before this run's query `number`; return the query count."""
    seen = {"n": 0}
    others = []

    def interleave(execute, sql, params, many, context):
        seen["n"] += 1
        if seen["n"] == number:
            other = threading.Thread(target=_other_beat)
            other.start()
            other.join(timeout=0.5)  # still running: it waits for a row this run holds, so let this run go on
            others.append(other)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(interleave):
        services.reminders_send()
    for other in others:
        other.join(timeout=30)
        assert not other.is_alive()
    return seen["n"]


def test_two_beats_at_once_send_each_person_one_reminder_not_the_first_and_second_together(world):
    survey = open_survey(world.cohort)
    for notification in Notification.objects.filter(kind="survey_invitation"):
        Notification.objects.filter(pk=notification.pk).update(
            created_at=notification.created_at - datetime.timedelta(days=8)
        )
    invited = set(survey.invitations.values_list("participant__user_id", flat=True))
    number = 1
    while True:
        Notification.objects.filter(kind="survey_reminder").delete()
        Invitation.objects.update(reminders_sent=0)
        queries = _run_with_the_other_beat_before_query(number)
        reminders = Notification.objects.filter(kind="survey_reminder")
        assert collections.Counter(reminders.values_list("recipient_id", flat=True)) == dict.fromkeys(invited, 1), (
            f"the other beat started before query {number}"
        )
        assert set(reminders.values_list("period", flat=True)) == {"reminder-1"}
        assert set(Invitation.objects.values_list("reminders_sent", flat=True)) == {1}
        if number > queries:
            break
        number += 1
