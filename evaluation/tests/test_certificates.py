"""Certificates at the celebration: leads issue them to those who completed; each person opens only their own."""

import datetime

import pytest
from django.urls import reverse

from evaluation.models import Certificate
from evaluation.selectors import eligible_for_certificate
from matching.models import Pairing
from programmes.models import Participant
from programmes.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_people_in_a_pairing_that_ran_its_course_are_eligible_and_withdrawn_people_are_not(world):
    world.objects["other_pair"].status = Participant.Status.WITHDRAWN
    world.objects["other_pair"].save()
    never_paired = ParticipantFactory(cohort=world.cohort, role="mentor", status="accepted")
    eligible = set(eligible_for_certificate(world.cohort))
    assert world.objects["mentor"].pk in eligible and world.objects["mentee"].pk in eligible
    assert world.objects["other_mentor"].pk in eligible
    assert world.objects["other_pair"].pk not in eligible
    assert never_paired.pk not in eligible


def test_a_rematched_pairing_does_not_count_as_completed(world):
    Pairing.objects.filter(pk=world.objects["pairing"].pk).update(status=Pairing.Status.REMATCH)
    assert world.objects["mentor"].pk not in set(eligible_for_certificate(world.cohort))


def test_the_certificates_page_ticks_those_who_completed(world):
    page = world.client_for("lead").get(reverse("evaluation:certificates", args=[world.cohort.pk])).content.decode()
    assert f'value="{world.objects["mentor"].pk}" id="cert-{world.objects["mentor"].pk}" checked' in page


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
