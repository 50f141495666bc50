"""A member of staff joins a programme and fills in their application, in real Chromium with axe."""

import pytest
from playwright.sync_api import expect

from programmes.models import Participant
from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    screenshot(page, f"recruitment-{name}")


def test_a_constable_applies_to_mentor_shares_what_they_choose_then_withdraws_consent(page, live_server):
    logins = seed_demo()
    sign_in(page, live_server.url, logins["Mentor"])
    page.get_by_role("link", name="Join a programme").click()
    assert_accessible(page, "open recruitment")
    shot(page, "open")
    page.get_by_role("button", name="Apply to be a mentor").first.click()

    expect(page.get_by_role("heading", name="Your application as a mentor")).to_be_visible()
    page.get_by_label("Grade").select_option(label="Constable (Police officers)")
    page.get_by_label("What you hope to get from the programme, in your own words").fill(
        "Help senior officers understand how it feels to be stopped and searched off duty."
    )
    page.get_by_label("Monday morning").check()
    page.get_by_label("Thursday afternoon").check()
    page.get_by_role("button", name="Save my application").click()
    assert_accessible(page, "application saved, optional questions")

    expect(page.get_by_role("heading", name="What you are comfortable sharing")).to_be_visible()
    page.get_by_label("Race", exact=True).first.check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Tick to agree before sharing anything here")).to_be_visible()
    expect(page.get_by_label("Race", exact=True).first).to_be_checked()
    assert_accessible(page, "disclosures with an error")
    shot(page, "disclosures-error")

    page.get_by_label("I agree that the programme may use what I choose to share").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("heading", name="My programme")).to_be_visible()
    assert_accessible(page, "my programme")
    shot(page, "my-programme")

    participant = Participant.objects.get(user__email=logins["Mentor"], cohort__name="Phase 2")
    assert participant.consent_given_at and participant.shared_topics.filter(name="Race").exists()
    page.goto(f"{live_server.url}/applications/{participant.pk}/sharing/")
    page.get_by_role("button", name="Withdraw consent and delete my answers").click()
    expect(page.get_by_text("Everything you shared on this page has been deleted.")).to_be_visible()
    participant.refresh_from_db()
    assert participant.consent_given_at is None and not participant.shared_topics.exists()
