"""A cohort's own rule on who may take part (a second wave run by another network with other grades)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from matching.models import Pairing, RapportAnswer
from programmes.models import Cohort, Participant
from programmes.tests.factories import CohortFactory, StaffNetworkFactory

pytestmark = pytest.mark.django_db


def words(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def settings_data(world, **overrides):
    return {
        "name": world.programme.name,
        "mentor_max_level": 2,
        "mentee_min_level": 4,
        "min_grade_gap": 1,
        "agreement_text": "",
        "length_months": 6,
        "suggested_meetings": 4,
        "nudge_after_days": 28,
        "min_reporting_group": 5,
        "rapport_check": "on",
        **overrides,
    }


def cohort_data(**overrides):
    return {"name": "Wave 2", "starts_on": "", "ends_on": "", **overrides}


def test_only_the_programmes_leads_open_or_change_a_cohorts_settings(world):
    url = reverse("programmes:cohort_settings", args=[world.cohort.pk])
    world.assert_only(url, {"lead": 200, "co_lead": 200})
    world.assert_only(url, {"lead": None, "co_lead": None}, method="post", data=cohort_data(name="Hijacked"))
    world.cohort.refresh_from_db()
    assert world.cohort.name != "Hijacked"


def test_a_second_wave_sets_its_own_rule_and_the_first_keeps_the_programmes(world):
    network = StaffNetworkFactory(organisation=world.organisation, name="Multi-cultural Network")
    world.programme.mentor_max_level, world.programme.mentee_min_level = 1, 4
    world.programme.save()
    client = world.client_for("lead")
    response = client.post(
        reverse("programmes:cohort_create", args=[world.programme.pk]),
        cohort_data(own_eligibility="on", mentor_max_level=2, mentee_min_level=6, mentor_networks=[network.pk]),
    )
    assert response.status_code == 302
    wave = Cohort.objects.get(name="Wave 2")
    assert (wave.own_eligibility, wave.mentor_max_level, wave.mentee_min_level) == (True, 2, 6)
    assert list(wave.mentor_networks.all()) == [network]
    assert wave.rules == wave and world.cohort.rules == world.programme
    page = words(client.get(reverse("programmes:cohort", args=[wave.pk])))
    own_rule = "Who may take part (this cohort's own rule): mentors Sergeant or a more junior grade, from Multi"
    assert own_rule + "-cultural Network" in page
    page = words(client.get(reverse("programmes:cohort", args=[world.cohort.pk])))
    assert "Who may take part (the programme's rule): mentors Constable or a more junior grade" in page


def test_overlapping_levels_on_a_cohorts_own_rule_are_explained_and_nothing_typed_is_lost(world):
    response = world.client_for("lead").post(
        reverse("programmes:cohort_create", args=[world.programme.pk]),
        cohort_data(name="Typed name", own_eligibility="on", mentor_max_level=4, mentee_min_level=4),
    )
    page = response.content.decode()
    assert "Mentees must start at a higher level than mentors go up to." in page
    assert 'value="Typed name"' in page and not Cohort.objects.filter(name="Typed name").exists()


def test_unticking_the_own_rule_keeps_nothing_of_it(world):
    client = world.client_for("lead")
    url = reverse("programmes:cohort_settings", args=[world.cohort.pk])
    client.post(url, cohort_data(name=world.cohort.name, own_eligibility="on", mentor_max_level=2))
    client.post(url, cohort_data(name=world.cohort.name, mentor_max_level=2))
    world.cohort.refresh_from_db()
    assert (world.cohort.own_eligibility, world.cohort.mentor_max_level) == (False, None)


def test_a_cohorts_rule_is_fixed_once_recruitment_has_closed(world):
    Cohort.objects.filter(pk=world.cohort.pk).update(status=Cohort.Status.ACTIVE)
    client = world.client_for("lead")
    url = reverse("programmes:cohort_settings", args=[world.cohort.pk])
    assert "Fixed once recruitment has closed" in client.get(url).content.decode()
    response = client.post(url, cohort_data(name="Pilot, renamed", own_eligibility="on", mentor_max_level=1))
    assert response.status_code == 302
    world.cohort.refresh_from_db()
    assert world.cohort.name == "Pilot, renamed"
    assert (world.cohort.own_eligibility, world.cohort.mentor_max_level) == (False, None)


def test_changing_the_programmes_rule_leaves_cohorts_past_recruitment_with_the_rule_they_were_judged_by(world):
    network = StaffNetworkFactory(organisation=world.organisation, name="LGBT+ & Allies")
    world.programme.mentor_max_level, world.programme.mentee_min_level = 2, 4
    world.programme.save()
    world.programme.mentor_networks.set([network])
    Cohort.objects.filter(pk=world.cohort.pk).update(status=Cohort.Status.ACTIVE)
    recruiting = world.objects["other_cohort"]  # Phase 2, recruiting: follows the programme
    own = CohortFactory(programme=world.programme, status=Cohort.Status.CLOSED, own_eligibility=True)
    response = world.client_for("lead").post(
        reverse("programmes:programme_settings", args=[world.programme.pk]),
        settings_data(world, mentor_max_level=1, mentee_min_level=6),
    )
    assert response.status_code == 302
    world.cohort.refresh_from_db()
    recruiting.refresh_from_db()
    own.refresh_from_db()
    assert (world.cohort.rules.mentor_max_level, world.cohort.rules.mentee_min_level) == (2, 4)
    assert list(world.cohort.rules.mentor_networks.all()) == [network]
    assert recruiting.rules == world.programme and recruiting.rules.mentor_max_level == 1
    assert not recruiting.own_eligibility
    assert (own.mentor_max_level, own.mentee_min_level) == (None, None)  # its own rule is untouched


def test_the_join_page_names_the_grades_of_the_cohorts_own_rule(world):
    world.programme.mentor_max_level, world.programme.mentee_min_level = 1, 6
    world.programme.save()
    Cohort.objects.filter(pk=world.cohort.pk).update(own_eligibility=True, mentor_max_level=2, mentee_min_level=4)
    page = words(world.client_for("org_admin").get(reverse("programmes:recruitment")))
    assert "Mentors: Sergeant or a more junior grade." in page
    assert "Mentees: Chief Inspector or a more senior grade." in page
    assert "seniority level" not in page
    # The other cohort follows the programme's rule.
    assert "Mentors: Constable or a more junior grade." in page


def test_the_join_page_runs_the_same_queries_for_one_cohort_or_many(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for("org_admin")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("programmes:recruitment"))
    for n in range(4):
        CohortFactory(programme=world.programme, name=f"Wave {n}", own_eligibility=n % 2 == 0, mentor_max_level=2)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("programmes:recruitment"))
    assert len(few) == len(many)


def test_an_application_is_judged_by_the_cohorts_own_rule(world):
    world.programme.mentor_max_level = 1
    world.programme.save()
    mentor = world.objects["mentor"]
    Cohort.objects.filter(pk=world.cohort.pk).update(own_eligibility=True, mentor_max_level=2)
    response = world.client_for("mentor").post(
        reverse("programmes:apply", args=[mentor.pk]),
        {
            "grade": world.objects["grades"][2].pk,
            "objectives": "Help leaders see promotion from the outside.",
            "meeting_format": "online",
            "capacity": 1,
        },
    )
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.grade == world.objects["grades"][2]


def test_a_lead_inviting_someone_whose_grade_does_not_fit_the_cohort_is_told_beside_the_grade(world):
    Cohort.objects.filter(pk=world.cohort.pk).update(own_eligibility=True, mentor_max_level=2)
    response = world.client_for("lead").post(
        reverse("programmes:invite", args=[world.cohort.pk]),
        {
            "form": "one",
            "one-email": "inspector@example.org",
            "one-name": "Ina Spector",
            "one-role": "mentor",
            "one-grade": world.objects["grades"][4].pk,
        },
    )
    page = response.content.decode()
    assert (
        "Mentors in this cohort are Sergeant or a more junior grade; their grade, Chief Inspector, is more senior."
        in page
    )
    assert 'value="Ina Spector"' in page
    assert not Participant.objects.filter(user__email="inspector@example.org").exists()


def test_an_invitation_file_row_whose_grade_does_not_fit_the_cohort_is_reported_by_line(world):
    Cohort.objects.filter(pk=world.cohort.pk).update(own_eligibility=True, mentee_min_level=6)
    text = "email,name,role,grade,directorate\nboss@example.org,Bea Boss,mentee,Chief Inspector,\n"
    response = world.client_for("lead").post(
        reverse("programmes:invite", args=[world.cohort.pk]),
        {"form": "csv", "csv-file": SimpleUploadedFile("p.csv", text.encode(), content_type="text/csv")},
    )
    page = words(response)
    assert "Mentees in this cohort are Chief Superintendent or a more senior grade" in page
    assert not Participant.objects.filter(user__email="boss@example.org").exists()


def test_continuing_a_cohort_carries_the_leads_ready_judgement_and_offers_its_rule(world):
    closed = world.cohort
    Cohort.objects.filter(pk=closed.pk).update(status=Cohort.Status.CLOSED, own_eligibility=True, mentor_max_level=2)
    closed.refresh_from_db()
    mentee = world.objects["mentee"]
    Participant.objects.filter(pk=mentee.pk).update(wishes_to_continue=True, ready_to_match=True)
    client = world.client_for("lead")
    form_page = client.get(reverse("programmes:cohort_continue", args=[closed.pk])).content.decode()
    assert re.search(r'name="own_eligibility"[^>]*checked', form_page)
    client.post(reverse("programmes:cohort_continue", args=[closed.pk]), cohort_data(name="Phase 3"))
    carried = Participant.objects.get(cohort__name="Phase 3", user=mentee.user)
    assert carried.ready_to_match


def test_switching_the_rapport_check_off_starts_pairings_that_have_nothing_left_to_do(world):
    pairing = world.objects["pairing"]
    Pairing.objects.filter(pk=pairing.pk).update(status=Pairing.Status.INTRODUCED)
    other = world.objects["other_pairing"]
    Pairing.objects.filter(pk=other.pk).update(status=Pairing.Status.INTRODUCED)
    RapportAnswer.objects.create(pairing=other, participant=other.mentor, wants_to_continue=True)
    client = world.client_for("lead")
    url = reverse("programmes:programme_settings", args=[world.programme.pk])
    client.post(url, settings_data(world))  # rapport check still on: nothing changes
    assert set(Pairing.objects.values_list("status", flat=True)) == {Pairing.Status.INTRODUCED}
    client.post(url, settings_data(world, rapport_check=""))
    assert set(Pairing.objects.values_list("status", flat=True)) == {Pairing.Status.ACTIVE}
