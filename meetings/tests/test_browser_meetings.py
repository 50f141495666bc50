"""A mentee logs a meeting with an action, the mentor confirms it and reports the action done with an outcome
shared with the leads, and the lead finds it in the outcomes register. Real Chromium, axe on every page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = "We compared how each of us was welcomed on our first shift."
REFLECTION = "I realised I had never asked who was missing from the room."
ACTION = "Ask the chief inspector's team to review the induction welcome pack"
OUTCOME_TITLE = "Induction welcome pack rewritten with the network"


def test_a_logged_meeting_and_its_shared_outcome_reach_the_register(browser, live_server):
    logins = seed_demo()
    today = timezone.localdate()

    mentee = browser.new_context(bypass_csp=True).new_page()
    sign_in(mentee, live_server.url, logins["Mentee"])
    mentee.get_by_role("link", name="Your pairing").first.click()
    expect(mentee.get_by_role("heading", name="Your pairing", exact=True)).to_be_visible()
    assert_accessible(mentee, "pair page")
    screenshot(mentee, "meetings-pair-mentee")

    mentee.get_by_role("link", name="Log a meeting").first.click()
    expect(mentee.get_by_role("heading", name=re.compile("^Log a meeting with"))).to_be_visible()
    assert_accessible(mentee, "log a meeting")
    screenshot(mentee, "meetings-log")
    mentee.locator("#id_log-held_on").fill(today.isoformat())
    mentee.locator("#id_log-duration_minutes").fill("90")
    mentee.locator("#id_log-format").select_option("in_person")
    mentee.locator("#id_log-activity").select_option("shadowing")
    mentee.locator("#id_log-summary").fill(SUMMARY)
    mentee.locator("#id_log-reflection").fill(REFLECTION)
    mentee.locator("#id_log-action_description").fill(ACTION)
    mentee.locator("#id_log-action_owner").select_option("mentor")
    mentee.get_by_role("button", name="Log the meeting").click()
    expect(mentee.get_by_text("Meeting logged. Your partner can now confirm or correct it.")).to_be_visible()
    expect(mentee.get_by_text(REFLECTION)).to_be_visible()
    assert_accessible(mentee, "pair page after logging")

    # The demo pair already has a next meeting: move it to a week later.
    mentee.get_by_role("link", name="Move it to another time").click()
    expect(mentee.get_by_role("heading", name="Move the next meeting")).to_be_visible()
    assert_accessible(mentee, "schedule page")
    screenshot(mentee, "meetings-schedule")
    mentee.locator("#id_next-date").fill((today + timezone.timedelta(days=7)).isoformat())
    mentee.locator("#id_next-time").fill("11:30")
    mentee.get_by_role("button", name="Schedule the next meeting").click()
    expect(mentee.get_by_text("Next meeting scheduled.")).to_be_visible()
    expect(mentee.get_by_text(f"{today + timezone.timedelta(days=7):%A %-d %B %Y}, 11:30")).to_be_visible()
    mentee.get_by_role("link", name="Add an action").click()
    expect(mentee.get_by_role("heading", name="Add an action")).to_be_visible()
    assert_accessible(mentee, "add an action page")
    mentee.get_by_role("link", name="Cancel").click()

    mentor = browser.new_context(bypass_csp=True).new_page()
    sign_in(mentor, live_server.url, logins["Mentor"])
    mentor.get_by_role("link", name="Your pairing").first.click()
    expect(mentor.get_by_text(SUMMARY)).to_be_visible()
    assert REFLECTION not in mentor.content()  # the mentee's reflection is theirs alone
    mentor.get_by_role("button", name=f"Confirm this meeting of {today:%-d %B %Y}").click()
    expect(mentor.get_by_text("Meeting confirmed.")).to_be_visible()

    mentor.get_by_role("link", name=re.compile(f"^Report back on this action.*{ACTION[:30]}")).click()
    assert_accessible(mentor, "action page")
    mentor.get_by_label("Status").select_option("done")
    mentor.get_by_label("Outcome reported back").fill("The welcome pack now includes the staff networks.")
    mentor.get_by_label("Share this outcome with the programme leads").check()
    mentor.get_by_label("Title for the outcomes register").fill(OUTCOME_TITLE)
    mentor.get_by_label("Category").select_option("workforce")
    screenshot(mentor, "meetings-action")
    mentor.get_by_role("button", name="Save the action").click()
    expect(mentor.get_by_text("Action saved and its outcome shared with the programme leads.")).to_be_visible()
    expect(mentor.get_by_text("Outcome shared with the leads").first).to_be_visible()
    screenshot(mentor, "meetings-pair-mentor")

    lead = browser.new_context(bypass_csp=True).new_page()
    sign_in(lead, live_server.url, logins["Programme lead"])
    lead.get_by_role("link", name="Reverse Mentoring: Race and Inclusion").first.click()
    lead.get_by_role("link", name="Pilot 2026").click()
    lead.get_by_role("link", name="Are pairs meeting?").click()
    expect(lead.get_by_role("heading", name="Are pairs meeting?")).to_be_visible()
    assert_accessible(lead, "monitoring page")
    screenshot(lead, "meetings-monitoring")
    page = lead.content()
    for secret in (SUMMARY, REFLECTION, ACTION):
        assert secret not in page
    lead.get_by_role("link", name="outcomes register").click()
    expect(lead.get_by_text(OUTCOME_TITLE)).to_be_visible()
    expect(lead.get_by_text("New lanyards with a rainbow design", exact=True)).to_be_visible()
    assert ACTION not in lead.content()
    assert_accessible(lead, "outcomes register")
    screenshot(lead, "meetings-outcomes")


def test_a_meeting_page_with_a_correction_form_and_a_private_reflection_is_accessible(browser, live_server):
    logins = seed_demo()
    mentor = browser.new_context(bypass_csp=True).new_page()
    sign_in(mentor, live_server.url, logins["Mentor"])
    mentor.get_by_role("link", name="Your pairing").first.click()
    mentor.get_by_role("link", name="Correct it or add your reflection").first.click()
    expect(mentor.get_by_role("heading", name="Your private reflection")).to_be_visible()
    mentor.get_by_label("Date of the meeting").fill("2099-01-01")
    mentor.get_by_role("button", name="Save the correction").click()
    expect(mentor.get_by_text("only be logged once it has happened")).to_be_visible()
    assert_accessible(mentor, "meeting page with an error")
    screenshot(mentor, "meetings-meeting-error")
