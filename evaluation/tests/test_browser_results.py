"""A lead chooses quotes; a steering member reads the dashboard and opens the printable report. Real Chromium, axe."""

import datetime

import pytest
from playwright.sync_api import expect

from evaluation import services
from evaluation.models import Invitation, Survey
from evaluation.tests.results_factories import answer_many, make_survey
from meetings.models import Action, Meeting, Outcome
from programmes.tests.factories import ParticipantFactory
from remento.testing import assert_accessible, screenshot, sign_in
from remento.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    screenshot(page, f"results-{name}")


def _results(world):
    cohort = world.cohort
    cohort.status = "closed"
    cohort.save()
    survey = make_survey(cohort, title="End of pilot survey")
    people = [ParticipantFactory(cohort=cohort, role="mentor", status="accepted") for _ in range(45)]
    Invitation.objects.bulk_create(
        [Invitation(survey=survey, participant=p, token_hash=f"h{p.pk}") for p in people + [world.objects["mentor"]]]
    )
    common = {"purpose_clear": 4, "format": "In person", "activities": ["Talk", "Shadowing"]}
    answer_many(survey, "mentor", 6, honest=5, times_met=4, change_behaviour="yes",
                benefits="I felt listened to by a senior leader for the first time", **common)  # fmt: skip
    answer_many(survey, "mentor", 5, honest=4, times_met=5, change_behaviour="undecided",
                benefits="Please name me: I am the only sergeant in the control room", **common)  # fmt: skip
    answer_many(survey, "mentee", 7, honest=4, times_met=4, change_behaviour="undecided",
                benefits="It challenged assumptions I did not know I had", **common)  # fmt: skip
    answer_many(survey, "mentee", 3, honest=2, times_met=2, change_behaviour="no", **common)
    pairing = world.objects["pairing"]
    for day in range(4):
        Meeting.objects.create(pairing=pairing, held_on=datetime.date(2026, 3, 2 + day * 7), duration_minutes=90,
                               format="in_person")  # fmt: skip
    Action.objects.create(pairing=pairing, description="Lanyards", owner="mentee", status="done", outcome="Done")
    Outcome.objects.create(programme=world.programme, cohort=cohort, title="Pronoun lanyards for all staff",
                           category="culture", achieved_on=datetime.date(2026, 5, 1))  # fmt: skip
    phase_two = world.objects["other_cohort"]
    second = make_survey(phase_two, title="Phase 2 survey")
    answer_many(second, "mentor", 5, honest=5, purpose_clear=5)
    answer_many(second, "mentee", 5, honest=4, purpose_clear=3)


def test_a_lead_chooses_quotes_and_a_steering_member_reads_the_dashboard_and_the_report(page, live_server):
    world = build_world()
    _results(world)
    base = live_server.url

    sign_in(page, base, world.users["lead"].email)
    page.goto(base + f"/results/cohorts/{world.cohort.pk}/quotes/")
    expect(page.get_by_role("heading", name="Choose quotes")).to_be_visible()
    assert_accessible(page, "quote moderation")
    page.get_by_role("button", name="Approve as a quote: I felt listened to").first.click()
    expect(page.get_by_text("Comment marked “approved as a quote”.")).to_be_visible()
    page.get_by_role("button", name="Approve as a quote: It challenged assumptions").first.click()
    page.get_by_role("button", name="Do not quote: Please name me").first.click()
    expect(page.get_by_text("Comment marked “not for quoting”.")).to_be_visible()
    expect(page.get_by_text("2 approved as quotes").first).to_be_visible()
    assert_accessible(page, "quote moderation after choosing")
    shot(page, "quotes")

    # The page was opened before the reseal at close gave every answer a new id: a click changes nothing and says why.
    services.survey_reseal(survey_id=Survey.objects.get(title="End of pilot survey").pk)
    page.get_by_role("button", name="Approve as a quote: Please name me").first.click()
    expect(page.get_by_role("heading", name="That comment is not here any more")).to_be_visible()
    assert_accessible(page, "a comment gone after a reseal")
    shot(page, "quotes-after-reseal")
    page.get_by_role("link", name="Back to Choose quotes").click()
    expect(page.get_by_text("2 approved as quotes").first).to_be_visible()

    page.goto(base + f"/results/cohorts/{world.cohort.pk}/")
    page.get_by_role("link", name="Certificates").click()
    expect(page.get_by_role("heading", name="Certificates")).to_be_visible()
    page.get_by_role("button", name="Issue certificates to the selected people").click()
    expect(page.get_by_text("2 certificates issued.")).to_be_visible()  # the pair that held 4 meetings
    assert_accessible(page, "certificates")
    shot(page, "certificates")

    page.context.clear_cookies()
    sign_in(page, base, world.users["steering"].email)
    page.get_by_role("link", name="Race Equality Mentoring: results and committee reports").click()
    assert_accessible(page, "programme results")
    page.get_by_role("link", name="Dashboard for Pilot").click()
    expect(page.get_by_role("heading", name="Pilot: results")).to_be_visible()
    expect(page.get_by_text("answered the survey: 21 of 46")).to_be_visible()
    expect(page.get_by_role("cell", name="86% agree")).to_be_visible()
    expect(page.get_by_text("“I felt listened to by a senior leader for the first time”").first).to_be_visible()
    expect(page.get_by_text("Please name me")).to_have_count(0)
    expect(page.get_by_text("Pronoun lanyards for all staff")).to_be_visible()
    expect(page.get_by_role("heading", name="Cohorts side by side")).to_be_visible()
    assert_accessible(page, "dashboard")
    shot(page, "dashboard")

    page.get_by_role("link", name="Committee report").first.click()
    expect(page.get_by_role("heading", name="1. Purpose")).to_be_visible()
    expect(page.get_by_role("heading", name="10. Options and next steps")).to_be_visible()
    assert_accessible(page, "committee report")
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Download as PDF")).to_be_hidden()
    shot(page, "report-print")
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_the_steering_member_of_the_demo_reads_the_closed_pilot_and_compares_cohorts(page, live_server):
    from remento.demo import seed_demo

    logins = seed_demo()
    sign_in(page, live_server.url, logins["Steering group member"])
    page.get_by_role("link", name="Reverse Mentoring: Race and Inclusion: results and committee reports").click()
    page.get_by_role("link", name="Dashboard for Pilot 2025").click()
    expect(page.get_by_role("heading", name="Pilot 2025: results")).to_be_visible()
    expect(page.get_by_text("answered the survey: 21 of 49")).to_be_visible()
    expect(page.get_by_role("cell", name="86% agree")).to_be_visible()
    expect(page.get_by_text("Roll out (chosen)")).to_be_visible()
    expect(page.get_by_text("Being heard.")).to_have_count(0)  # a comment the lead chose not to quote
    assert_accessible(page, "demo dashboard")
    shot(page, "demo-dashboard")
