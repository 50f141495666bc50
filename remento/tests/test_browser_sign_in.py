"""Sign-in journeys in real Chromium, with an axe-core check on every page."""

import pytest
from playwright.sync_api import expect

from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_sign_in_page_is_accessible_and_explains_the_code_option(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in to Remento")).to_be_visible()
    expect(page.get_by_role("link", name="Email me a sign-in code")).to_be_visible()
    assert_accessible(page, "sign-in page")
    screenshot(page, "sign-in")

    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    assert_accessible(page, "sign-in page with errors")


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        ("Organisation administrator", "Organisations you administer"),
        ("Programme lead", "Programmes you lead"),
        ("Steering group member", "Programmes you oversee"),
        ("Mentor", "My programme"),
        ("Mentee", "My programme"),
        ("Site administrator", "Site administration"),
    ],
)
def test_each_role_signs_in_and_sees_its_home_page(page, live_server, role, heading):
    logins = seed_demo()
    sign_in(page, live_server.url, logins[role])
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert_accessible(page, f"home page for {role}")
    screenshot(page, "home-" + role.lower().replace(" ", "-"))

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Sign in to Remento")).to_be_visible()


def test_a_wrong_password_is_explained_beside_the_form_and_keeps_the_email(page, live_server):
    logins = seed_demo()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(logins["Mentor"])
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("not correct")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value(logins["Mentor"])
    assert_accessible(page, "sign-in page after a wrong password")


def test_a_person_can_turn_off_optional_emails(page, live_server):
    from notifications import kinds

    kinds.register(kinds.Kind("test_nudge", reason="a test", optional=True, label="Nudges when you have not met"))
    try:
        logins = seed_demo()
        sign_in(page, live_server.url, logins["Mentee"])
        page.get_by_role("link", name="Email choices").click()
        checkbox = page.get_by_label("Nudges when you have not met")
        expect(checkbox).to_be_checked()
        assert_accessible(page, "email choices")
        checkbox.uncheck()
        page.get_by_role("button", name="Save my choices").click()
        expect(page.get_by_text("Your email choices are saved.")).to_be_visible()
        expect(page.get_by_label("Nudges when you have not met")).not_to_be_checked()
        screenshot(page, "email-choices")
    finally:
        kinds.KINDS.pop("test_nudge", None)
