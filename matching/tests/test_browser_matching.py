"""A lead runs, locks, re-runs and publishes a match; the mentor and mentee confirm and sign. Chromium, axe."""

import re

import pytest
from playwright.sync_api import expect

from matching.models import MatchRun, Pairing
from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNCIL_LEAD = "hollie.marsh@westbury-council.invalid"


def shot(page, name):
    screenshot(page, f"matching-{name}")


def test_a_lead_matches_a_cohort_and_the_pair_confirms_and_signs(browser, live_server):
    seed_demo()
    lead = browser.new_context(bypass_csp=True).new_page()
    sign_in(lead, live_server.url, COUNCIL_LEAD)
    lead.get_by_role("link", name="Council-wide Reverse Mentoring").first.click()
    lead.get_by_role("link", name="Cohort 1").click()
    lead.get_by_role("link", name="Matching", exact=True).click()
    expect(lead.get_by_role("heading", name="Proposals waiting for review")).to_be_visible()
    expect(lead.get_by_text("has not attended training yet")).to_be_visible()
    assert_accessible(lead, "matching review")
    shot(lead, "review")

    # The demo's first row is a pair the lead made by hand (locked already); lock the next one.
    first_row = lead.locator("table.proposals tbody tr", has_not_text="Made by hand").first
    first_row.get_by_role("button", name=re.compile(r"^Lock ")).click()
    expect(lead.get_by_text("locked: it stays when you run the match again")).to_be_visible()
    locked_pair = MatchRun.objects.get(cohort__name="Cohort 1", status="proposed").pairs.get(locked=True, manual=False)

    lead.locator("summary", has_text="How much each part of the fit counts").click()
    lead.get_by_label("Similar objectives").fill("3")
    lead.get_by_role("button", name="Run the match again").click()
    expect(lead.get_by_text("Compared with the run before:")).to_be_visible()
    locked_row = lead.locator("table.proposals tbody tr", has_text=locked_pair.mentee.user.name)
    expect(locked_row.get_by_text("Locked", exact=True)).to_be_visible()
    assert_accessible(lead, "matching review after a re-run")
    shot(lead, "rerun")

    lead.get_by_role("link", name="Make a pair by hand").click()
    expect(lead.get_by_role("heading", name="Make a pair by hand")).to_be_visible()
    assert_accessible(lead, "make a pair by hand")
    shot(lead, "manual-pair")
    lead.get_by_role("link", name="Cancel").click()

    lead.get_by_role("button", name="Publish").click()
    expect(lead.get_by_role("heading", name="Pairings", exact=True)).to_be_visible()
    expect(lead.get_by_text("introduced by email")).to_be_visible()
    assert_accessible(lead, "pairings")
    shot(lead, "pairings")

    lead.get_by_role("link", name=f"End the pairing of {locked_pair.mentor.user.name}").click()
    expect(lead.get_by_text("Your reason is kept for the programme's leads")).to_be_visible()
    assert_accessible(lead, "end a pairing")
    lead.get_by_role("link", name="Cancel").click()

    pairing = Pairing.objects.get(mentor=locked_pair.mentor, mentee=locked_pair.mentee)
    assert pairing.status == Pairing.Status.INTRODUCED
    for person, name in ((pairing.mentor, "mentor"), (pairing.mentee, "mentee")):
        page = browser.new_context(bypass_csp=True).new_page()
        sign_in(page, live_server.url, person.user.email)
        page.locator("main").get_by_role("link", name="Your pairing").click()
        expect(page.get_by_role("heading", name="Your pairing")).to_be_visible()
        partner = pairing.partner_of(person)
        expect(page.get_by_role("heading", name=partner.user.name)).to_be_visible()
        assert_accessible(page, f"pair page for the {name}")
        shot(page, f"pair-{name}-before")
        page.get_by_role("button", name="Yes, let's continue").click()
        expect(page.get_by_text("your answer is saved")).to_be_visible()
        page.get_by_role("button", name="I agree: sign version 1").click()
        expect(page.get_by_text("You have signed the agreement.")).to_be_visible()
        assert_accessible(page, f"pair page for the {name} after signing")
        shot(page, f"pair-{name}-signed")

    page.get_by_role("link", name="raise a concern with your programme lead").click()
    page.get_by_role("button", name="Send to the programme lead").click()
    expect(page.get_by_text("Write what concerns you; a sentence or two is enough.")).to_be_visible()
    assert_accessible(page, "raise a concern with an error")
    shot(page, "concern-error")
    page.get_by_label("Your concern").fill("We keep having to cancel at short notice.")
    page.get_by_role("button", name="Send to the programme lead").click()
    expect(page.get_by_text("Your concern has been sent to your programme lead.")).to_be_visible()

    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE
    page.reload()
    expect(page.get_by_text("Status: Active")).to_be_visible()
    assert pairing.signatures.count() == 2
