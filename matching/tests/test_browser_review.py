"""The lead reads a run in words at desk and phone width: fit labels, flagged pairs, who is left out and why.

Chromium with axe; screenshots in test-artifacts/ (matching-review-*).
"""

import pytest
from playwright.sync_api import expect

from matching import services
from matching.models import Pairing
from programmes.models import Cohort, Programme
from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNCIL_LEAD = "hollie.marsh@westbury-council.invalid"
WIDTHS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def wider_than_the_screen(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lead_reads_each_proposal_in_words_and_sees_what_to_check_before_publishing(browser, live_server, width):
    seed_demo()
    page = browser.new_context(bypass_csp=True, viewport=WIDTHS[width]).new_page()
    sign_in(page, live_server.url, COUNCIL_LEAD)
    cohort = Cohort.objects.get(name="Cohort 1", programme__name="Council-wide Reverse Mentoring")
    page.goto(f"{live_server.url}/cohorts/{cohort.pk}/matching/")
    expect(page.get_by_role("heading", name="Proposals waiting for review")).to_be_visible()
    expect(page.get_by_text("1 proposal needs checking before you publish")).to_be_visible()
    flagged = page.locator("table.proposals tbody tr", has_text="Check before publishing")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("the mentor will not discuss")
    expect(page.locator("table.proposals td.fit").first).to_contain_text("points of 100")
    page.locator("table.proposals details.fit-parts summary").first.click()
    expect(page.locator("table.proposals details.fit-parts").first).to_contain_text("learning topics the mentor shares")
    expect(page.get_by_text("Not ready (lead's judgement)")).to_be_visible()
    expect(page.get_by_text("which this programme requires of mentors")).to_be_visible()
    assert_accessible(page, f"matching review ({width})")
    screenshot(page, f"matching-review-{width}")
    assert wider_than_the_screen(page) <= 0


@pytest.mark.parametrize("width", WIDTHS)
def test_a_run_nobody_can_be_matched_in_says_so_and_has_no_publish_button(browser, live_server, width):
    seed_demo()
    cohort = Cohort.objects.get(name="Cohort 1", programme__name="Council-wide Reverse Mentoring")
    cohort.participants.filter(role="mentee").update(ready_to_match=False)
    page = browser.new_context(bypass_csp=True, viewport=WIDTHS[width]).new_page()
    sign_in(page, live_server.url, COUNCIL_LEAD)
    page.goto(f"{live_server.url}/cohorts/{cohort.pk}/matching/")
    page.get_by_role("button", name="Run the match again").click()
    expect(page.get_by_text("no pairs could be proposed, so there is nothing to publish").first).to_be_visible()
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    expect(page.get_by_text("No mentee is available in this run").first).to_be_visible()
    assert_accessible(page, f"a run with no pairs ({width})")
    screenshot(page, f"matching-review-no-pairs-{width}")
    assert wider_than_the_screen(page) <= 0


def test_without_a_rapport_check_the_partners_only_sign(browser, live_server):
    seed_demo()
    programme = Programme.objects.get(name="Council-wide Reverse Mentoring")
    Programme.objects.filter(pk=programme.pk).update(rapport_check=False)
    cohort = programme.cohorts.get(name="Cohort 1")
    run = services.latest_run(cohort)
    services.match_run_publish(run_id=run.pk)
    pairing = Pairing.objects.filter(cohort=cohort).select_related("mentor__user").first()
    page = browser.new_context(bypass_csp=True, viewport=WIDTHS["phone"]).new_page()
    sign_in(page, live_server.url, pairing.mentor.user.email)
    page.goto(f"{live_server.url}/pairings/{pairing.pk}/")
    expect(page.get_by_text("Your pairing becomes active once you have both signed the agreement.")).to_be_visible()
    expect(page.get_by_role("button", name="Yes, let's continue")).to_have_count(0)
    page.get_by_role("button", name="I agree: sign version 1").click()
    expect(page.get_by_text("You have signed the agreement.")).to_be_visible()
    assert_accessible(page, "pair page without a rapport check (phone)")
    screenshot(page, "matching-pair-no-rapport-phone")
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.INTRODUCED  # the partner has still to sign
    services.agreement_sign(pairing_id=pairing.pk, participant=pairing.mentee, version=1)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE
