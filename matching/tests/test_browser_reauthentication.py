"""A lead whose sign-in is older than the re-authentication window types the password again before the matching
review names what people shared. Chromium, axe, two widths."""

import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from playwright.sync_api import expect

from remento.demo import DEMO_PASSWORD, seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNCIL_LEAD = "hollie.marsh@westbury-council.invalid"


def _age_the_sign_in(page):
    """As if the lead signed in longer ago than ACCOUNT_REAUTHENTICATION_TIMEOUT."""
    [cookie] = [c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    session = SessionStore(session_key=cookie["value"])
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] = time.time() - settings.ACCOUNT_REAUTHENTICATION_TIMEOUT - 60
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_matching_review_asks_for_the_password_again_after_a_while(browser, live_server, width):
    seed_demo()
    page = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900}).new_page()
    sign_in(page, live_server.url, COUNCIL_LEAD)
    page.get_by_role("link", name="Council-wide Reverse Mentoring").first.click()
    page.get_by_role("link", name="Cohort 1").click()
    _age_the_sign_in(page)

    page.get_by_role("link", name="Matching", exact=True).click()
    expect(page.get_by_label("Password")).to_be_visible()
    assert "Proposals waiting for review" not in page.content()
    assert_accessible(page, "re-authentication before the matching review")
    screenshot(page, f"matching-reauthenticate-{width}")

    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Proposals waiting for review")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
