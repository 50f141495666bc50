"""A programme lead runs a cohort in real Chromium, with an axe check on every page."""

import pytest
from playwright.sync_api import expect

from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    screenshot(page, f"leads-{name}")


def test_a_lead_filters_the_roster_accepts_people_and_moves_the_cohort_on(page, live_server):
    logins = seed_demo()
    sign_in(page, live_server.url, logins["Programme lead"])
    page.get_by_role("link", name="Reverse Mentoring: Race and Inclusion").first.click()
    expect(page.get_by_role("heading", name="Cohorts")).to_be_visible()
    assert_accessible(page, "programme overview")
    shot(page, "programme")

    page.get_by_role("link", name="Phase 2").click()
    expect(page.get_by_text("Accept at least one mentor and one mentee before matching.")).to_be_visible()
    page.get_by_label("Status").select_option("applied")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    assert_accessible(page, "cohort roster")
    shot(page, "roster-filtered")

    for index in range(rows.count()):
        rows.nth(index).get_by_role("checkbox").check()
    page.get_by_label("With the selected people").select_option("accept")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("Accept: 3 people updated.")).to_be_visible()

    page.get_by_role("button", name="Close recruitment and start matching").click()
    expect(page.get_by_text("is now matching")).to_be_visible()
    assert_accessible(page, "cohort roster after a move")
    shot(page, "roster-matching")


def test_a_lead_adds_a_cohort_and_is_told_what_is_wrong_first(page, live_server):
    logins = seed_demo()
    sign_in(page, live_server.url, logins["Programme lead"])
    page.get_by_role("link", name="Reverse Mentoring: Race and Inclusion").first.click()
    page.get_by_role("link", name="Add a cohort").click()
    page.get_by_label("Name").fill("Phase 3")
    page.get_by_label("Starts on").fill("2027-07-01")
    page.get_by_label("Ends on").fill("2027-01-01")
    page.get_by_role("button", name="Create the cohort").click()
    expect(page.get_by_text("The end date must be on or after the start date.")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Phase 3")
    assert_accessible(page, "add a cohort with an error")
    shot(page, "cohort-form-error")
    page.get_by_label("Ends on").fill("2027-12-31")
    page.get_by_role("button", name="Create the cohort").click()
    expect(page.get_by_role("heading", name="Phase 3")).to_be_visible()
    expect(page.get_by_text("Stage: Draft")).to_be_visible()


def test_a_lead_reviews_settings_people_a_participant_and_invites_someone(page, live_server):
    logins = seed_demo()
    sign_in(page, live_server.url, logins["Programme lead"])
    page.get_by_role("link", name="Reverse Mentoring: Race and Inclusion").first.click()
    page.get_by_role("link", name="Programme settings").click()
    page.get_by_label("Smallest group whose results may be shown").fill("2")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("greater than or equal to 3")).to_be_visible()
    assert_accessible(page, "programme settings with an error")
    shot(page, "settings-error")

    page.get_by_role("link", name="Reverse Mentoring: Race and Inclusion").first.click()
    page.get_by_role("link", name="Leads, steering group and meeting guide").click()
    expect(page.get_by_text("Get to know each other")).to_be_visible()
    assert_accessible(page, "people and meeting guide")
    shot(page, "people")

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Reverse Mentoring: Race and Inclusion").first.click()
    page.get_by_role("link", name="Pilot 2026").click()
    page.locator("tbody tr a").first.click()
    expect(page.get_by_role("heading", name="Your judgement")).to_be_visible()
    assert_accessible(page, "participant page for the lead")
    shot(page, "participant")

    page.go_back()
    page.get_by_role("link", name="Invite people").click()
    page.get_by_label("Email").fill("priya.example@midshire-police.invalid")
    page.locator("#id_one-name").fill("Priya Example")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invited 1 person.")).to_be_visible()
    assert_accessible(page, "roster after inviting")
