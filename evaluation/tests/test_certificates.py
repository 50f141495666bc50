"""Certificates at the celebration: leads issue them to those who completed; each person opens only their own."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Certificate, CompletionDecision
from evaluation.selectors_results import completed_participant_ids
from matching.models import Pairing
from meetings.models import Meeting
from programmes.models import Participant, Programme
from programmes.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _meet(pairing, times, *, start=datetime.date(2026, 3, 1)):
    for n in range(times):
        Meeting.objects.create(
            pairing=pairing, held_on=start + datetime.timedelta(days=n), duration_minutes=60, format="online"
        )


def certificates_page(world, role="lead"):
    response = world.client_for(role).get(reverse("evaluation:certificates", args=[world.cohort.pk]))
    assert response.status_code == 200
    return response.content.decode()


def ticked(page, participant) -> bool:
    return f'value="{participant.pk}" id="cert-{participant.pk}" checked' in page


def test_a_person_in_an_active_pairing_with_no_meeting_is_not_ticked_as_completed(world):
    page = certificates_page(world)
    assert not ticked(page, world.objects["mentor"])
    assert not ticked(page, world.objects["mentee"])
    assert "<td>0 of 4</td>" in page
    assert 'Not yet: <span class="small">4 more meetings needed' in page


def test_completion_follows_the_suggested_number_of_meetings_by_default(world):
    _meet(world.objects["pairing"], 4)
    _meet(world.objects["other_pairing"], 3)
    page = certificates_page(world)
    assert ticked(page, world.objects["mentor"]) and ticked(page, world.objects["mentee"])
    assert "<td>4 of 4</td>" in page and "Held the 4 meetings the programme asks for" in page
    assert not ticked(page, world.objects["other_mentor"])
    assert "<td>3 of 4</td>" in page and "1 more meeting needed" in page
    assert set(completed_participant_ids(world.cohort)) == {world.objects["mentor"].pk, world.objects["mentee"].pk}


def test_a_programme_can_ask_for_fewer_meetings_than_it_suggests(world):
    world.programme.completion_meetings = 2
    world.programme.save()
    _meet(world.objects["other_pairing"], 2)
    page = certificates_page(world)
    assert ticked(page, world.objects["other_mentor"])
    assert "<td>2 of 2</td>" in page
    assert "at least 2 meetings" in page


def test_meetings_dated_in_the_future_are_not_counted_as_held(world):
    _meet(world.objects["pairing"], 4, start=timezone.localdate() + datetime.timedelta(days=1))
    assert world.objects["mentor"].pk not in completed_participant_ids(world.cohort)


def test_meetings_in_a_rematched_pairing_count_towards_the_person(world):
    mentor = world.objects["mentor"]
    Pairing.objects.filter(pk=world.objects["pairing"].pk).update(status=Pairing.Status.REMATCH)
    _meet(world.objects["pairing"], 1)
    second = Pairing.objects.create(cohort=world.cohort, mentor=mentor,
                                    mentee=ParticipantFactory(cohort=world.cohort, role="mentee", status="accepted"),
                                    status=Pairing.Status.ENDED)  # fmt: skip
    _meet(second, 3, start=datetime.date(2026, 4, 1))
    assert mentor.pk in completed_participant_ids(world.cohort)
    assert world.objects["mentee"].pk not in completed_participant_ids(world.cohort)


def test_someone_who_withdrew_has_not_completed_whatever_they_held(world):
    _meet(world.objects["other_pairing"], 5)
    Participant.objects.filter(pk=world.objects["other_pair"].pk).update(status=Participant.Status.WITHDRAWN)
    page = certificates_page(world)
    assert not ticked(page, world.objects["other_pair"])
    assert 'No: <span class="small">Withdrew' in page
    assert ticked(page, world.objects["other_mentor"])


def test_when_the_lead_decides_nobody_is_ticked_until_they_choose(world):
    world.programme.completion_rule = Programme.Completion.LEAD
    world.programme.save()
    _meet(world.objects["pairing"], 6)
    page = certificates_page(world)
    assert not ticked(page, world.objects["mentor"])
    assert "<td>6</td>" in page and 'Not decided: <span class="small">Waiting for a lead to decide' in page
    assert "you decide for each person" in page


def test_the_lead_marks_people_completed_or_not_and_can_let_the_rule_decide_again(world):
    url = reverse("evaluation:certificates", args=[world.cohort.pk])
    client = world.client_for("lead")
    mentor, mentee, other = world.objects["mentor"], world.objects["mentee"], world.objects["other_mentor"]
    _meet(world.objects["other_pairing"], 4)
    client.post(url, {"participants": [mentor.pk, mentee.pk], "action": "complete"})
    client.post(url, {"participants": [other.pk], "action": "not_complete"})
    page = certificates_page(world)
    lead_name = world.users["lead"].get_full_name()
    assert ticked(page, mentor) and ticked(page, mentee) and not ticked(page, other)
    assert f'Yes</strong>: <span class="small">Marked by {lead_name}' in page
    assert f'No: <span class="small">Marked by {lead_name}' in page
    assert CompletionDecision.objects.count() == 3

    client.post(url, {"participants": [mentor.pk, other.pk], "action": "follow_rule"})
    page = certificates_page(world)
    assert not ticked(page, mentor) and ticked(page, other) and ticked(page, mentee)
    assert set(CompletionDecision.objects.values_list("participant_id", flat=True)) == {mentee.pk}


def test_a_lead_cannot_decide_completion_for_someone_in_another_cohort(world):
    outsider = world.objects["other_cohort_participant"]
    world.client_for("lead").post(
        reverse("evaluation:certificates", args=[world.cohort.pk]),
        {"participants": [outsider.pk], "action": "complete"},
    )
    assert not CompletionDecision.objects.exists()


def test_the_certificates_page_runs_the_same_number_of_queries_at_two_sizes(world):
    def grow(pairs):
        for _ in range(pairs):
            pairing = Pairing.objects.create(
                cohort=world.cohort,
                mentor=ParticipantFactory(cohort=world.cohort, role="mentor", status="accepted"),
                mentee=ParticipantFactory(cohort=world.cohort, role="mentee", status="accepted"),
                status=Pairing.Status.ACTIVE,
            )
            _meet(pairing, 2)
            CompletionDecision.objects.create(participant=pairing.mentor, completed=True,
                                              decided_by=world.users["lead"], decided_at=timezone.now())  # fmt: skip
            Certificate.objects.create(participant=pairing.mentee, issued_on="2026-10-01")

    client = world.client_for("lead")
    url = reverse("evaluation:certificates", args=[world.cohort.pk])
    grow(1)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large), "\n".join(q["sql"][:200] for q in large.captured_queries)


def test_a_lead_issues_and_withdraws_certificates_person_by_person(world):
    url = reverse("evaluation:certificates", args=[world.cohort.pk])
    client = world.client_for("lead")
    mentor, mentee = world.objects["mentor"], world.objects["mentee"]
    client.post(url, {"participants": [mentor.pk, mentee.pk], "action": "issue"})
    client.post(url, {"participants": [mentor.pk], "action": "issue"})  # again: nothing doubles
    assert Certificate.objects.count() == 2
    client.post(url, {"participants": [mentee.pk], "action": "withdraw"})
    assert list(Certificate.objects.values_list("participant_id", flat=True)) == [mentor.pk]


def test_a_participant_downloads_their_own_certificate_only(world):
    own = Certificate.objects.create(participant=world.objects["mentor"], issued_on="2026-10-01")
    other = Certificate.objects.create(participant=world.objects["mentee"], issued_on="2026-10-01")
    client = world.client_for("mentor")
    page = client.get(reverse("evaluation:certificate", args=[own.pk]))
    assert page.status_code == 200
    assert world.objects["mentor"].user.name in page.content.decode()
    assert "Certificate of completion" in page.content.decode()
    pdf = client.get(reverse("evaluation:certificate_pdf", args=[own.pk]))
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("evaluation:certificate", args=[other.pk])).status_code == 404
    assert client.get(reverse("evaluation:certificate_pdf", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("font_dir", ["vendored", "/nonexistent"])
def test_a_certificate_prints_any_name_with_or_without_the_unicode_font(world, monkeypatch, font_dir):
    from evaluation import pdf

    if font_dir == "vendored":
        monkeypatch.delenv("REMENTO_PDF_FONT_DIR", raising=False)
        assert pdf._font_dir() is not None, "the DejaVu files in evaluation/fonts/ are missing"
    else:
        monkeypatch.setenv("REMENTO_PDF_FONT_DIR", font_dir)
        assert pdf._font_dir() is None
    mentor = world.objects["mentor"]
    mentor.user.name = "Łucja Nowak-Ó’Brien"
    mentor.user.save()
    certificate = Certificate.objects.create(participant=mentor, issued_on=datetime.date(2026, 10, 1))
    assert pdf.certificate(certificate).startswith(b"%PDF")
    assert pdf._latin1("Łucja Ó’Brien – ok") == "?ucja Ó'Brien - ok"


def test_the_holder_finds_their_certificate_on_the_home_page(world):
    own = Certificate.objects.create(participant=world.objects["mentor"], issued_on=datetime.date(2026, 10, 1))
    url = reverse("evaluation:certificate", args=[own.pk])
    assert url in world.client_for("mentor").get(reverse("home")).content.decode()
    assert url not in world.client_for("mentee").get(reverse("home")).content.decode()


def test_a_steering_member_finds_the_results_from_the_home_page(world):
    page = world.client_for("steering").get(reverse("home")).content.decode()
    assert reverse("evaluation:programme_results", args=[world.programme.pk]) in page
