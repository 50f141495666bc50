"""Two leads press publish at the same moment, on PostgreSQL, in two threads with their own transactions."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from matching import services
from matching.models import MatchRun, Pairing
from matching.tests.factories import add_person, matching_cohort
from programmes.models import Participant

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls, allowed=()):
    """Run each call in its own thread (its own connection and transaction), started together."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def worker(call):
        try:
            barrier.wait()
            call()
        except allowed:
            pass  # the loser of the race is told the run was replaced: an answer, not a failure
        except Exception as error:  # noqa: BLE001 - collected and re-raised below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and partial indexes need PostgreSQL")
def test_the_same_run_published_twice_at_once_pairs_everyone_once_and_emails_once():
    setup = matching_cohort(3, 3)
    run = MatchRun.objects.create(cohort=setup.cohort)
    for mentor, mentee in zip(setup.mentors, setup.mentees, strict=True):
        run.pairs.create(mentor=mentor, mentee=mentee, score=1.5)
    _race(*[lambda: services.match_run_publish(run_id=run.pk)] * 2)
    assert Pairing.objects.count() == 3
    from notifications.models import Notification

    assert Notification.objects.filter(kind="pairing_introduction").count() == 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and partial indexes need PostgreSQL")
def test_two_runs_published_at_once_never_double_pair_a_mentee_or_overfill_a_mentor():
    setup = matching_cohort(1, 2)
    mentor = setup.mentors[0]  # capacity 1
    other_mentor = add_person(setup, Participant.Role.MENTOR)
    first, second = (MatchRun.objects.create(cohort=setup.cohort) for _ in range(2))
    # Run one: the mentor with mentee A. Run two: the mentor with mentee B (capacity) and another mentor with A.
    first.pairs.create(mentor=mentor, mentee=setup.mentees[0], score=1.5)
    second.pairs.create(mentor=mentor, mentee=setup.mentees[1], score=1.5)
    second.pairs.create(mentor=other_mentor, mentee=setup.mentees[0], score=1.4)
    for _ in range(3):
        Pairing.objects.all().delete()
        MatchRun.objects.filter(pk__in=[first.pk, second.pk]).update(status=MatchRun.Status.PROPOSED)
        _race(
            lambda: services.match_run_publish(run_id=first.pk),
            lambda: services.match_run_publish(run_id=second.pk),
            allowed=ValidationError,
        )
        pairings = list(Pairing.objects.all())
        assert len({p.mentee_id for p in pairings}) == len(pairings), "a mentee has two current pairings"
        assert sum(1 for p in pairings if p.mentor_id == mentor.pk) <= 1, "the mentor is past capacity"
        assert len({(p.mentor_id, p.mentee_id) for p in pairings}) == len(pairings)
        assert 1 <= len(pairings) <= 2
