"""The demo's surveys: a closed pilot shaped like Leicestershire's results, and an open survey for the Mentee login."""

import pytest
from django.db.models import Count

from evaluation.models import Answer, Invitation, Response, SealedResponse, Survey
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
    answered = opened.invitations.filter(used=True).count()
    assert 0 < answered < opened.invitations.count()
    # Answered as people answer: sealed until five of a role can be opened together.
    assert opened.responses.count() + opened.sealed_responses.count() == answered

    def counts():
        models = (Survey, Response, SealedResponse, Invitation, Answer)
        return [model.objects.count() for model in models]

    before = counts()
    seed_demo()
    assert counts() == before


def test_the_closed_pilot_shows_completion_by_its_rule_named_testimonials_and_activities_beyond_talk():
    from evaluation.models import Certificate, CompletionDecision, Testimonial
    from evaluation.selectors import programme_dashboard
    from evaluation.selectors_results import cohort_completion
    from programmes.models import Cohort

    seed_demo()
    pilot = Cohort.objects.get(name="Pilot 2025")
    assert pilot.programme.meetings_to_complete == 3
    people = cohort_completion(pilot)
    completed = {c.participant.pk for c in people if c.completed}
    assert set(Certificate.objects.filter(participant__cohort=pilot).values_list("participant", flat=True)) == completed
    assert any(not c.completed and c.meetings < 3 for c in people)  # the pair that never met, for one
    decision = CompletionDecision.objects.get(participant__cohort=pilot)
    assert decision.completed and decision.participant.pk in completed
    d = programme_dashboard(pilot)
    assert len(d.testimonials) >= 3 and all(t.shown_name and t.job_title for t in d.testimonials)
    assert Testimonial.objects.filter(participant__cohort__name="Pilot 2026", status="pending").exists()
    done = {a.label: a.meetings for a in d.activities}
    assert all(done[label] > 0 for label in ("Shadowing", "Attending an event together", "Role play", "Shared project"))

    counts = (Testimonial.objects.count(), Certificate.objects.count(), CompletionDecision.objects.count(), done)
    seed_demo()
    d = programme_dashboard(pilot)
    again = {a.label: a.meetings for a in d.activities}
    assert (Testimonial.objects.count(), Certificate.objects.count(), CompletionDecision.objects.count(), again) == (
        counts
    )
