"""A lead invites an address that has an account in another organisation, at desktop and phone widths. Chromium, axe."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programmes.models import Cohort, Membership
from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNCIL_LEAD = "hollie.marsh@westbury-council.invalid"  # Hollie Marsh leads Westbury Council's programme


@pytest.mark.parametrize("width", [1280, 390])
def test_a_lead_inviting_someone_from_another_organisation_sees_only_what_they_typed(browser, live_server, width):
    logins = seed_demo()
    phase_two = Cohort.objects.get(name="Phase 2")
    page = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900}).new_page()
    sign_in(page, live_server.url, logins["Programme lead"])

    page.goto(live_server.url + reverse("programmes:invite", args=[phase_two.pk]))
    page.get_by_label("Email").fill(COUNCIL_LEAD)
    page.get_by_label("Name").fill("H. Marsh (network list)")
    page.get_by_label("Role").select_option("mentor")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invited 1 person.")).to_be_visible()
    expect(page.get_by_role("link", name="H. Marsh (network list)")).to_be_visible()
    expect(page.get_by_role("link", name="A. Mehta")).to_be_visible()  # the demo's own invitation, not accepted
    assert "Hollie Marsh" not in page.content()
    assert_accessible(page, "roster with invitations not yet accepted")
    screenshot(page, f"invitations-roster-{width}")

    page.get_by_role("link", name="H. Marsh (network list)").click()
    expect(page.get_by_text("They have not accepted the invitation yet.")).to_be_visible()
    assert "Hollie Marsh" not in page.content()
    assert_accessible(page, "an invited person's page")
    screenshot(page, f"invitations-participant-{width}")
    organisation = phase_two.programme.organisation
    assert not Membership.objects.filter(organisation=organisation, user__email=COUNCIL_LEAD).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
