"""A mentee ends their pairing without fault, long after the rapport check; the mentor reads the same words and the
lead sees a re-match request. Real Chromium, axe at 1280 and 390 px."""

import pytest
from playwright.sync_api import expect

from matching.models import Pairing
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


def _ended_panel(page) -> str:
    return page.locator("section.pairing-ended").inner_text()


def test_either_partner_ends_the_pairing_without_fault_and_both_read_the_same(browser, live_server):
    logins = seed_demo()
    pairing = Pairing.objects.get(mentor__user__email=logins["Mentor"], mentee__user__email=logins["Mentee"])
    assert pairing.status == Pairing.Status.ACTIVE and pairing.meetings.exists()
    mentee = browser.new_context(bypass_csp=True).new_page()
    sign_in(mentee, live_server.url, logins["Mentee"])
    mentee.get_by_role("link", name="Your pairing").first.click()
    mentee.get_by_role("link", name="Ask to end this pairing").click()
    expect(mentee.get_by_role("heading", name="End this pairing?")).to_be_visible()
    _at_both_widths(mentee, "end-without-fault")
    mentee.get_by_role("button", name="End this pairing").click()
    expect(mentee.get_by_text("Your pairing has ended, without fault.")).to_be_visible()
    expect(mentee.get_by_role("heading", name="This pairing has ended")).to_be_visible()
    _at_both_widths(mentee, "end-without-fault-ended")

    mentor = browser.new_context(bypass_csp=True).new_page()
    sign_in(mentor, live_server.url, logins["Mentor"])
    mentor.goto(f"{live_server.url}/pairings/{pairing.pk}/")
    assert _ended_panel(mentor) == _ended_panel(mentee)

    lead = browser.new_context(bypass_csp=True).new_page()
    sign_in(lead, live_server.url, logins["Programme lead"])
    lead.goto(f"{live_server.url}/cohorts/{pairing.cohort_id}/pairings/")
    expect(lead.get_by_role("heading", name="Re-match requests")).to_be_visible()
    expect(lead.get_by_text("Nobody is told which partner asked.", exact=False)).to_be_visible()
    assert_accessible(lead, "pairings with a re-match request")
