"""An event arranged before people are invited reaches them when they are, in real Chromium with axe at 1280 and
390 px; and My programme's checklist links each step to where it is done."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from programmes.models import Attendance, Cohort
from remento.demo import DEMO_PASSWORD, seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _at_both_widths(page, name):
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page, f"{name} at {width} px")
        screenshot(page, f"{name}-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} is wider than {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_event_arranged_before_someone_is_invited_reaches_them_when_they_are(browser, live_server):
    logins = seed_demo()
    lead = browser.new_context(bypass_csp=True).new_page()
    sign_in(lead, live_server.url, logins["Programme lead"])
    lead.get_by_role("link", name="Reverse Mentoring: Race and Inclusion").first.click()
    lead.get_by_role("link", name="Phase 2").click()
    lead.get_by_role("link", name="Events and attendance").click()
    lead.get_by_label("Kind").select_option("briefing")
    lead.get_by_label("Title").fill("Phase 2 launch briefing")
    lead.get_by_label("Starts").fill("2099-05-01T10:00")
    lead.get_by_role("button", name="Add the event and invite its audience").click()
    expect(lead.get_by_text("added and its audience invited")).to_be_visible()
    invited_before = Attendance.objects.filter(event__title="Phase 2 launch briefing").count()

    # Only then is a new mentor invited to the cohort.
    lead.goto(f"{live_server.url}/cohorts/{Cohort.objects.get(name='Phase 2').pk}/invite/")
    lead.get_by_label("Email").first.fill("late.joiner@midshire-police.invalid")
    lead.get_by_label("Name").first.fill("Lola Joiner")
    lead.get_by_label("Role").first.select_option("mentor")
    lead.get_by_role("button", name="Send the invitation").click()
    expect(lead.get_by_text("Invited 1 person.")).to_be_visible()
    assert Attendance.objects.filter(event__title="Phase 2 launch briefing").count() == invited_before + 1

    # Opening the event page writes nothing: the newcomer was invited when they joined.
    event = Attendance.objects.filter(event__title="Phase 2 launch briefing").first().event
    lead.goto(f"{live_server.url}/events/{event.pk}/")
    expect(lead.get_by_text("Lola Joiner")).to_be_visible()
    assert Attendance.objects.filter(event__title="Phase 2 launch briefing").count() == invited_before + 1

    joiner = User.objects.get(email="late.joiner@midshire-police.invalid")
    # They would sign in by an emailed code, which also proves the address; a password stands in for it here.
    joiner.set_password(DEMO_PASSWORD)
    joiner.save()
    joiner.emailaddress_set.update(verified=True)
    page = browser.new_context(bypass_csp=True).new_page()
    sign_in(page, live_server.url, joiner.email)
    page.goto(f"{live_server.url}/my-programme/")
    expect(page.get_by_text("Phase 2 launch briefing", exact=True)).to_be_visible()
    expect(page.get_by_text("No events coming up")).to_have_count(0)
    expect(page.get_by_role("link", name="Complete your application")).to_be_visible()
    _at_both_widths(page, "late-joiner-my-programme")
    page.get_by_role("button", name="I will come to Phase 2 launch briefing").click()
    expect(page.get_by_text("Your reply to “Phase 2 launch briefing” is saved.")).to_be_visible()


def test_the_checklist_of_a_pair_that_has_met_is_done_and_links_to_the_pairing(browser, live_server):
    logins = seed_demo()
    page = browser.new_context(bypass_csp=True).new_page()
    sign_in(page, live_server.url, logins["Mentee"])
    page.goto(f"{live_server.url}/my-programme/")
    step = page.get_by_role("listitem").filter(has_text="Meet your match")
    expect(step.get_by_text("Done")).to_be_visible()
    _at_both_widths(page, "my-programme-checklist")
    step.get_by_role("link", name="Meet your match").click()
    expect(page.get_by_role("heading", name="Your mentor", exact=False).first).to_be_visible()
