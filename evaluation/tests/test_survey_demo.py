"""The demo's surveys: a closed pilot shaped like Leicestershire's results, and an open survey for the Mentee login."""

import pytest
from django.db.models import Count

from evaluation.models import Answer, Invitation, Response, Survey
from remento.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_the_closed_pilot_has_leicestershire_shaped_results_and_a_rerun_adds_nothing():
    logins = seed_demo()
    end = Survey.objects.get(cohort__name="Pilot 2025", title="End of pilot evaluation")
    assert end.status == Survey.Status.CLOSED and end.cohort.status == "closed"
    assert end.invitations.count() == 49 and end.invitations.filter(used=True).count() == end.responses.count() == 21
    honest = Answer.objects.filter(question__survey=end, question__code="honest_conversations")
    assert honest.filter(number__gte=4).count() == 18 and honest.count() == 21  # 86%
    change = dict(
        Answer.objects.filter(question__survey=end, question__code="behaviour_change")
        .values_list("choice")
        .annotate(n=Count("pk"))
    )
    assert max(change, key=change.get) == "undecided"
    assert Answer.objects.filter(question__survey=end, question__kind="text").exclude(text="").count() >= 20
    assert Survey.objects.get(cohort__name="Pilot 2025", kind=Survey.Kind.BASELINE).responses.count() == 30
    assert end.cohort.pairings.count() == 24

    opened = Survey.objects.get(cohort__name="Pilot 2026", status=Survey.Status.OPEN, trigger=Survey.Trigger.MANUAL)
    assert Invitation.objects.get(survey=opened, participant__user__email=logins["Mentee"]).used is False
    assert 0 < opened.responses.count() < opened.invitations.count()

    counts = (Survey.objects.count(), Response.objects.count(), Invitation.objects.count(), Answer.objects.count())
    seed_demo()
    assert (Survey.objects.count(), Response.objects.count(), Invitation.objects.count(), Answer.objects.count()) == (
        counts
    )
