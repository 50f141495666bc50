"""An organisation administrator sets up the organisation in real Chromium, with axe."""

import pytest
from playwright.sync_api import expect

from programmes.models import Grade
from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_adds_a_ladder_fixes_a_bad_line_and_creates_a_programme(page, live_server):
    logins = seed_demo()
    sign_in(page, live_server.url, logins["Organisation administrator"])
    page.get_by_role("link", name="Midshire Police settings").click()
    expect(page.get_by_role("heading", name="Midshire Police settings")).to_be_visible()
    assert_accessible(page, "organisation settings")

    page.get_by_label("Ladder name").fill("Special constabulary")
    page.get_by_label("Grades, most junior first, one per line").fill("Special Constable = 1\nSpecial Sergeant = 40")
    page.get_by_role("button", name="Add the grades").click()
    expect(page.get_by_text("Line 2: the level must be between 1 and 30.")).to_be_visible()
    assert_accessible(page, "organisation settings with an error")
    screenshot(page, "organisation-error")
    page.get_by_label("Grades, most junior first, one per line").fill("Special Constable = 1\nSpecial Sergeant = 2")
    page.get_by_role("button", name="Add the grades").click()
    expect(page.get_by_text("Added 2 grades to “Special constabulary”.")).to_be_visible()
    assert Grade.objects.filter(ladder="Special constabulary").count() == 2

    page.locator("#id_name").fill("Disability Confident Mentoring")
    page.get_by_label("Programme lead's email").fill("new.lead@midshire-police.invalid")
    page.get_by_role("button", name="Create the programme").click()
    expect(page.get_by_text("Created “Disability Confident Mentoring”")).to_be_visible()
    screenshot(page, "organisation-settings")
