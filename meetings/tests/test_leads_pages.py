"""The lead's monitoring page and the outcomes register: counts, dates and flags, never content."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching.models import AgreementSignature, Concern, Pairing
from meetings.models import Nudge, Outcome, Reflection
from meetings.tests.factories import ActionFactory, MeetingFactory
from programmes.models import Participant
from programmes.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_the_monitoring_page_counts_meetings_hours_and_actions_without_any_content(world):
    pairing = world.objects["pairing"]
    today = timezone.localdate()
    first = MeetingFactory(pairing=pairing, held_on=today - datetime.timedelta(days=20), duration_minutes=60)
    MeetingFactory(pairing=pairing, held_on=today - datetime.timedelta(days=5), duration_minutes=90)
    Reflection.objects.create(meeting=first, author=world.objects["mentee"], text="SECRET-REFLECTION")
    ActionFactory(pairing=pairing)
    ActionFactory(pairing=pairing, status="done", outcome="SECRET-UNSHARED-OUTCOME")
    AgreementSignature.objects.create(pairing=pairing, participant=world.objects["mentor"], version=1, text="t")
    AgreementSignature.objects.create(pairing=pairing, participant=world.objects["mentee"], version=1, text="t")

    response = world.client_for("lead").get(reverse("meetings:monitoring", args=[world.cohort.pk]))
    row = next(r for r in response.context["rows"] if r.pk == pairing.pk)
    assert (row.meetings_held, row.last_meeting, row.hours) == (2, today - datetime.timedelta(days=5), 2.5)
    assert (row.actions_agreed, row.actions_closed, row.signed_count) == (2, 1, 2)
    assert row.flags == []
    page = response.content.decode()
    assert "Signed by both" in page
    for secret in ("SECRET-SUMMARY", "SECRET-REFLECTION", "SECRET-ACTION", "SECRET-UNSHARED-OUTCOME"):
        assert secret not in page


def test_the_monitoring_page_flags_quiet_pairings_rapport_rematch_concerns_and_unanswered_nudges(world):
    pairing, other = world.objects["pairing"], world.objects["other_pairing"]
    long_ago = timezone.now() - datetime.timedelta(days=100)
    Pairing.objects.filter(pk=pairing.pk).update(created_at=long_ago)
    Pairing.objects.filter(pk=other.pk).update(status=Pairing.Status.INTRODUCED)
    Concern.objects.create(pairing=other, raised_by=world.objects["other_pair"], message="SECRET-CONCERN")
    Nudge.objects.create(pairing=pairing, number=2, since=long_ago.date(), sent_on=timezone.localdate(),
                         flagged_on=timezone.localdate())  # fmt: skip
    response = world.client_for("lead").get(reverse("meetings:monitoring", args=[world.cohort.pk]))
    flags = {r.pk: r.flags for r in response.context["rows"]}
    assert flags[pairing.pk] == ["No meeting for 100 days", "Flagged: two nudges unanswered"]
    assert flags[other.pk] == ["Rapport check pending", "Concern raised"]
    assert "SECRET-CONCERN" not in response.content.decode()

    # A meeting starts a new quiet spell: the old flag no longer applies.
    MeetingFactory(pairing=pairing, held_on=timezone.localdate())
    response = world.client_for("lead").get(reverse("meetings:monitoring", args=[world.cohort.pk]))
    assert {r.pk: r.flags for r in response.context["rows"]}[pairing.pk] == []


def _add_pairings(world, count):
    for _ in range(count):
        mentor = ParticipantFactory(cohort=world.cohort, role=Participant.Role.MENTOR)
        mentee = ParticipantFactory(cohort=world.cohort, role=Participant.Role.MENTEE)
        pairing = Pairing.objects.create(cohort=world.cohort, mentor=mentor, mentee=mentee, status="active")
        MeetingFactory(pairing=pairing)
        MeetingFactory(pairing=pairing)
        ActionFactory(pairing=pairing)
        AgreementSignature.objects.create(pairing=pairing, participant=mentor, version=1, text="t")
        Concern.objects.create(pairing=pairing, raised_by=mentee, message="m")


def _monitoring_queries(world):
    client = world.client_for("lead")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("meetings:monitoring", args=[world.cohort.pk]))
    assert response.status_code == 200
    return len(queries), len(response.context["rows"])


def test_the_monitoring_page_runs_the_same_number_of_queries_for_two_pairings_or_twenty_two(world):
    _add_pairings(world, 1)
    small, small_rows = _monitoring_queries(world)
    _add_pairings(world, 20)
    large, large_rows = _monitoring_queries(world)
    assert (small_rows, large_rows) == (3, 23)
    assert large == small


def test_only_leads_open_the_monitoring_page_and_the_register(world):
    world.assert_only(reverse("meetings:monitoring", args=[world.cohort.pk]), {"lead": 200, "co_lead": 200})
    world.assert_only(reverse("meetings:outcomes", args=[world.programme.pk]), {"lead": 200, "co_lead": 200})
    world.assert_only(
        reverse("meetings:outcomes", args=[world.programme.pk]),
        {"lead": None, "co_lead": None},
        "post",
        {"title": "Intruder", "category": "culture", "achieved_on": "2026-01-01", "cohort": world.cohort.pk},
    )
    assert not Outcome.objects.exists()


def test_a_lead_adds_an_outcome_directly_and_sees_shared_ones_beside_it(world):
    client = world.client_for("lead")
    response = client.post(
        reverse("meetings:outcomes", args=[world.programme.pk]),
        {"title": "New lanyards with a rainbow design", "category": "culture", "achieved_on": "2026-10-01",
         "description": "Worn by all staff from October.", "cohort": world.cohort.pk},
    )  # fmt: skip
    assert response.status_code == 302
    action = ActionFactory(pairing=world.objects["pairing"], status="done", outcome="Panels changed")
    Outcome.objects.create(
        programme=world.programme, cohort=world.cohort, action=action,
        title="Recruitment panel change", category="recruitment", achieved_on="2026-11-01",
    )  # fmt: skip
    page = client.get(reverse("meetings:outcomes", args=[world.programme.pk])).content.decode()
    assert "New lanyards with a rainbow design" in page and "Recorded by a lead" in page
    assert "Recruitment panel change" in page and "Shared by a pair" in page
    assert "SECRET-ACTION" not in page


def test_an_outcome_without_a_title_or_date_is_refused_beside_the_fields(world):
    response = world.client_for("lead").post(
        reverse("meetings:outcomes", args=[world.programme.pk]),
        {"title": "", "category": "culture", "description": "Kept"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"title", "achieved_on", "cohort"}
    assert "Kept" in response.content.decode()
    assert "Choose the cohort this outcome came from." in response.content.decode()


def test_an_outcome_a_lead_adds_belongs_to_the_chosen_cohort_and_reaches_its_dashboard(world):
    from evaluation.selectors import programme_dashboard

    cohort = world.objects["other_cohort"]
    response = world.client_for("lead").post(
        reverse("meetings:outcomes", args=[world.programme.pk]),
        {"title": "Pin badges for allies", "category": "culture", "achieved_on": "2026-10-01", "cohort": cohort.pk},
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get(title="Pin badges for allies")
    assert outcome.cohort == cohort
    assert [o.title for o in programme_dashboard(cohort).outcomes] == ["Pin badges for allies"]
    assert programme_dashboard(world.cohort).outcomes == []


def test_the_cohort_of_a_new_outcome_defaults_to_the_running_one(world):
    from programmes.models import Cohort

    Cohort.objects.filter(pk=world.cohort.pk).update(status=Cohort.Status.ACTIVE)  # Phase 2, newer, is recruiting
    form = world.client_for("lead").get(reverse("meetings:outcomes", args=[world.programme.pk])).context["form"]
    assert form["cohort"].value() == world.cohort.pk
    assert {value for value, _ in form.fields["cohort"].choices} == {world.cohort.pk, world.objects["other_cohort"].pk}


def test_a_cohort_of_another_programme_is_refused_beside_the_field(world):
    from programmes.tests.factories import CohortFactory

    elsewhere = CohortFactory(programme=world.objects["other_programme"])
    response = world.client_for("lead").post(
        reverse("meetings:outcomes", args=[world.programme.pk]),
        {"title": "Lanyards", "category": "culture", "achieved_on": "2026-10-01", "cohort": elsewhere.pk},
    )
    assert response.status_code == 200
    assert "cohort" in response.context["form"].errors
    assert 'value="Lanyards"' in response.content.decode()
    assert not Outcome.objects.exists()


def test_the_outcomes_register_runs_the_same_queries_at_any_size(world):
    from programmes.tests.factories import CohortFactory

    client = world.client_for("lead")
    url = reverse("meetings:outcomes", args=[world.programme.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    for n in range(10):
        cohort = CohortFactory(programme=world.programme)
        Outcome.objects.create(
            programme=world.programme, cohort=cohort, title=f"Outcome {n}", category="culture", achieved_on="2026-05-01"
        )
    assert count() == small
