"""A summary pasted far too long is refused beside the box with every word still in it. Chromium, axe, two widths."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.limits import LONG_TEXT
from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in
from remento.testing.text_limits import too_long

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_summary_that_is_too_long_comes_back_with_the_message_beside_it_and_nothing_lost(browser, live_server, width):
    logins = seed_demo()
    page = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900}).new_page()
    sign_in(page, live_server.url, logins["Mentee"])
    page.get_by_role("link", name="Your pairing").first.click()
    page.get_by_role("link", name="Log a meeting").first.click()
    expect(page.get_by_role("heading", name=re.compile("^Log a meeting with"))).to_be_visible()

    summary = too_long(LONG_TEXT + 1_999)  # 12,000 characters, as pasted from a document
    page.locator("#id_log-held_on").fill(timezone.localdate().isoformat())
    page.locator("#id_log-format").select_option("online")
    page.locator("#id_log-summary").fill(summary)
    page.get_by_role("button", name="Log the meeting").click()

    beside = page.locator("#id_log-summary_error")
    expect(beside).to_have_text(re.compile(r"This is 12,000 characters long; the most it can be is 10,000\."))
    assert page.locator("#id_log-summary").input_value() == summary
    assert_accessible(page, "log a meeting with a summary too long")
    beside.scroll_into_view_if_needed()
    screenshot(page, f"meetings-summary-too-long-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
