"""A lead gives a second wave its own rule on who may take part, and staff read it on Join in grades.

Programme settings (training per role, the rapport check), a cohort's settings and the Join page, at desk and
phone width, in Chromium with axe. Screenshots in test-artifacts/ (cohort-rules-*).
"""

import pytest
from playwright.sync_api import expect

from programmes.models import Cohort, Programme
from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def wider_than_the_screen(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lead_sets_a_waves_own_rule_and_staff_see_it_in_grades_on_join(browser, live_server, width):
    logins = seed_demo()
    page = browser.new_context(bypass_csp=True, viewport=WIDTHS[width]).new_page()
    sign_in(page, live_server.url, logins["Programme lead"])
    programme = Programme.objects.get(name="Reverse Mentoring: Race and Inclusion")

    page.goto(f"{live_server.url}/programmes/{programme.pk}/settings/")
    expect(page.get_by_label("Mentors must attend training before they are matched")).to_be_checked()
    expect(page.get_by_label("Mentees must attend training before they are matched")).not_to_be_checked()
    expect(page.get_by_label("Ask each partner privately whether to continue")).to_be_checked()
    assert_accessible(page, f"programme settings ({width})")
    screenshot(page, f"cohort-rules-programme-settings-{width}")
    assert wider_than_the_screen(page) <= 0

    phase_2 = Cohort.objects.get(programme=programme, name="Phase 2")
    page.goto(f"{live_server.url}/cohorts/{phase_2.pk}/")
    expect(page.get_by_text("Who may take part (this cohort's own rule)")).to_be_visible()
    page.get_by_role("link", name="Cohort settings").click()
    expect(page.get_by_role("heading", name="Cohort settings")).to_be_visible()
    expect(page.get_by_label("This cohort has its own rule on who may take part")).to_be_checked()
    page.get_by_label("Mentors up to").select_option(label="Level 5: Superintendent / Senior Manager")
    page.get_by_label("Mentees from").select_option(label="Level 4: Chief Inspector / PO1–PO3")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("Mentees must start at a higher level than mentors go up to.")).to_be_visible()
    assert_accessible(page, f"cohort settings with an error ({width})")
    screenshot(page, f"cohort-rules-cohort-settings-error-{width}")
    assert wider_than_the_screen(page) <= 0
    page.get_by_label("Mentors up to").select_option(label="Level 3: Inspector / SO1–SO2")
    page.get_by_label("LGBT+ & Allies").check()
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("Cohort settings saved.")).to_be_visible()
    expect(page.get_by_text("from LGBT+ & Allies")).to_be_visible()
    phase_2.refresh_from_db()
    assert (phase_2.mentor_max_level, phase_2.mentee_min_level) == (3, 4)

    staff = browser.new_context(bypass_csp=True, viewport=WIDTHS[width]).new_page()
    sign_in(staff, live_server.url, logins["Organisation administrator"])
    staff.goto(f"{live_server.url}/join/")
    card = staff.locator("section.card", has_text="Phase 2")
    expect(card).to_contain_text("Mentors: Inspector / SO1–SO2 or a more junior grade, from LGBT+ & Allies.")
    expect(card).to_contain_text("Mentees: Chief Inspector / PO1–PO3 or a more senior grade.")
    expect(card).not_to_contain_text("seniority level")
    assert_accessible(staff, f"join ({width})")
    screenshot(staff, f"cohort-rules-join-{width}")
    assert wider_than_the_screen(staff) <= 0
