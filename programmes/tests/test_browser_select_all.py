"""Bulk work in real Chromium: "select all shown" on the roster, attendance and certificates, with axe at
1280 and 390 px."""

import pytest
from playwright.sync_api import expect

from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, name):
    for label, size in (("", {"width": 1280, "height": 900}), ("-phone", {"width": 390, "height": 844})):
        page.set_viewport_size(size)
        assert_accessible(page, f"{name}{label}")
        screenshot(page, f"select-all-{name}{label}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_lead_selects_everyone_shown_on_the_roster_attendance_and_certificates(page, live_server):
    logins = seed_demo()
    sign_in(page, live_server.url, logins["Programme lead"])
    page.get_by_role("link", name="Reverse Mentoring: Race and Inclusion").first.click()
    page.get_by_role("link", name="Pilot 2026").click()
    roster = page.url

    page.get_by_label("Role").select_option("mentor")
    page.get_by_role("button", name="Filter").click()
    everyone = page.get_by_label("Select all 24 people shown (matching the filters)")
    rows = page.locator("tbody input[type=checkbox]")
    expect(rows).to_have_count(24)
    everyone.check()
    for index in range(24):
        expect(rows.nth(index)).to_be_checked()
    rows.first.uncheck()
    expect(everyone).not_to_be_checked()
    everyone.check()
    check(page, "roster")
    page.get_by_label("With the selected people").select_option("not_ready")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("Mark not ready to match: 24 people updated.")).to_be_visible()
    expect(page.get_by_label("Role")).to_have_value("mentor")  # the filters are kept

    page.goto(roster)
    page.get_by_role("link", name="Events and attendance").click()
    page.get_by_role("link", name="Mentoring skills training (mentors)").click()
    page.get_by_label("Reply").select_option("")
    page.get_by_role("button", name="Filter").click()
    page.get_by_label("Select all 24 people").check()
    check(page, "attendance")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved.")).to_be_visible()
    expect(page.locator("tbody input[type=checkbox]:checked")).to_have_count(24)

    page.goto(roster)
    page.get_by_role("link", name="Certificates").click()
    page.get_by_label("Role").select_option("mentee")
    page.get_by_role("button", name="Filter").click()
    shown = page.locator("tbody tr").count()
    page.get_by_label(f"Select all {shown} people shown (matching the filters)").check()
    check(page, "certificates")
    page.get_by_role("button", name="Issue certificates to the selected people").click()
    expect(page.get_by_text("certificates issued.").or_(page.get_by_text("certificate issued."))).to_be_visible()
