"""A meeting dated before the pairing is refused beside the date, and a lead's outcome goes to a cohort. Real
Chromium, axe at 1280 and 390 px."""

import datetime

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting, Outcome
from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _at_both_widths(page, name):
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page, f"{name} at {width} px")
        screenshot(page, f"{name}-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} is wider than {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_meeting_400_days_ago_is_refused_beside_the_date_and_nothing_typed_is_lost(browser, live_server):
    logins = seed_demo()
    before = Meeting.objects.count()
    page = browser.new_context(bypass_csp=True).new_page()
    sign_in(page, live_server.url, logins["Mentee"])
    page.get_by_role("link", name="Your pairing").first.click()
    page.get_by_role("link", name="Log a meeting").click()
    page.locator("#id_log-held_on").fill((datetime.date.today() - datetime.timedelta(days=400)).isoformat())
    page.get_by_label("Format").select_option("online")
    page.get_by_label("Summary for the two of you").fill("We compared notes on the promotion board.")
    page.get_by_role("button", name="Log the meeting").click()
    expect(page.get_by_text("choose that day or later")).to_be_visible()
    expect(page.get_by_label("Summary for the two of you")).to_have_value("We compared notes on the promotion board.")
    _at_both_widths(page, "meeting-date-refused")
    assert Meeting.objects.count() == before


def test_a_lead_records_an_outcome_in_the_running_cohort(browser, live_server):
    logins = seed_demo()
    lead = browser.new_context(bypass_csp=True).new_page()
    sign_in(lead, live_server.url, logins["Programme lead"])
    lead.get_by_role("link", name="Reverse Mentoring: Race and Inclusion").first.click()
    lead.get_by_role("link", name="Pilot 2026").click()
    lead.get_by_role("link", name="Outcomes register").click()
    expect(lead.get_by_label("Cohort")).to_have_value(
        str(Outcome.objects.filter(cohort__name="Pilot 2026")[0].cohort_id)
    )
    lead.get_by_label("Title").fill("Reverse mentoring in the promotion board briefing")
    lead.get_by_label("Date achieved").fill(datetime.date.today().isoformat())
    lead.get_by_role("button", name="Add to the register").click()
    expect(lead.get_by_text("added to the outcomes register for Pilot 2026")).to_be_visible()
    _at_both_widths(lead, "outcomes-register-cohort")
    assert Outcome.objects.get(title="Reverse mentoring in the promotion board briefing").cohort.name == "Pilot 2026"
