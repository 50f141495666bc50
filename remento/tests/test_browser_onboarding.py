"""Onboarding without the Django admin, in real Chromium with axe at 1280 and 390 px.

The site administrator creates an organisation and invites its first administrator (the one step left in
the Django admin). Everyone else arrives by an emailed invitation, signs in with an emailed code and gives
their name: the new administrator, a programme lead they invite, and a co-lead and a steering-group member
the lead invites. Nobody has a password; later, a sensitive page asks for a fresh code.
"""

import re

import pytest
from django.core import mail
from django.test import override_settings
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


def check(page, name: str) -> None:
    """axe and a screenshot at both widths; nothing wider than the phone."""
    for label, size in (("", WIDE), ("-phone", PHONE)):
        page.set_viewport_size(size)
        assert_accessible(page, f"{name}{label}")
        screenshot(page, f"onboarding-{name}{label}")
        if size is PHONE:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{name} is {width} px wide on a phone"
    page.set_viewport_size(WIDE)


def last_email_to(address: str):
    return [m for m in mail.outbox if address in m.to][-1]


def invitation_link(address: str, base: str) -> str:
    path = re.search(r"https?://[^/\s]+(/welcome/[^\s]+/)", last_email_to(address).body).group(1)
    return base + path


def code_for(address: str) -> str:
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", last_email_to(address).body, re.MULTILINE).group(1)


def accept(browser, base: str, address: str, name: str, shots: str = ""):
    """A person new to Remento follows their invitation: accepts, types the emailed code, gives their name."""
    context = browser.new_context(bypass_csp=True, locale="en-GB", viewport=WIDE)
    page = context.new_page()
    page.goto(invitation_link(address, base))
    expect(page.get_by_role("heading", name="You are invited")).to_be_visible()
    if shots:
        check(page, f"{shots}-invitation")
    page.get_by_role("button", name="Accept and sign in").click()
    expect(page.get_by_text(f"A sign-in code has been sent to {address}")).to_be_visible()
    if shots:
        check(page, f"{shots}-code")
    page.get_by_label("Code").fill(code_for(address))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="What should we call you?")).to_be_visible()
    if shots:
        check(page, f"{shots}-name")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Enter your name.")).to_be_visible()
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Continue").click()
    return context, page


# A sign-in counts as confirming it is you for five seconds here (fifteen minutes in production).
@override_settings(ACCOUNT_REAUTHENTICATION_TIMEOUT=5)
def test_an_organisation_is_run_from_invitations_alone(page, browser, live_server):
    base = live_server.url
    site_admin = UserFactory(is_staff=True, is_superuser=True, email="site@remento.invalid")

    # The site administrator: the organisation and its first administrator, in the Django admin.
    sign_in(page, base, site_admin.email)
    page.goto(f"{base}/admin/programmes/organisation/add/")
    page.locator("#id_name").fill("Northshire Fire and Rescue")
    page.locator("#id_administrator_email").fill("nia.okafor@northshire.invalid")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Invited nia.okafor@northshire.invalid")).to_be_visible()

    # The organisation administrator: invitation, code, name, settings. No "verify your email" on the way.
    admin_context, admin = accept(browser, base, "nia.okafor@northshire.invalid", "Nia Okafor", shots="admin")
    expect(admin.get_by_role("heading", name="Northshire Fire and Rescue settings")).to_be_visible()
    expect(admin.get_by_text("Nia Okafor", exact=False).first).to_be_visible()
    check(admin, "admin-settings")

    admin.get_by_label("Directorates, one per line").fill("Prevention\nProtection\nResponse\nCorporate Services")
    admin.locator("form", has=admin.get_by_label("Directorates, one per line")).get_by_role(
        "button", name="Add them"
    ).click()
    expect(admin.get_by_text("Added 4 directorates.")).to_be_visible()

    admin.locator("#id_name").fill("Reverse Mentoring: LGBT+ Inclusion")
    admin.get_by_label("Programme lead's email").fill("owen.hughes@northshire.invalid")
    admin.get_by_role("button", name="Create the programme").click()
    expect(admin.get_by_text("invited owen.hughes@northshire.invalid to lead it")).to_be_visible()
    expect(admin.get_by_text("owen.hughes@northshire.invalid (invited, not yet accepted)")).to_be_visible()

    # A second administrator, invited and then removed again.
    admin.locator("#id_admin-email").fill("wren.lewis@northshire.invalid")
    admin.get_by_role("button", name="Send the invitation").click()
    expect(admin.get_by_text("Invited wren.lewis@northshire.invalid to be an administrator.")).to_be_visible()
    wren_context, wren = accept(browser, base, "wren.lewis@northshire.invalid", "Wren Lewis")
    expect(wren.get_by_role("heading", name="Northshire Fire and Rescue settings")).to_be_visible()
    admin.reload()
    admin.get_by_role("button", name="Remove Wren Lewis as an administrator").click()
    expect(admin.get_by_text("Wren Lewis is no longer an administrator.")).to_be_visible()
    # The last administrator is not offered a way to leave.
    expect(admin.get_by_role("link", name="Stop being an administrator")).to_have_count(0)
    wren_context.close()

    # The lead: invitation, code, name, programme; then a co-lead and a steering member by email.
    lead_context, lead = accept(browser, base, "owen.hughes@northshire.invalid", "Owen Hughes", shots="lead")
    expect(lead.get_by_role("heading", name="Reverse Mentoring: LGBT+ Inclusion")).to_be_visible()
    lead.goto(lead.url + "people/")
    lead.get_by_label("Email address").fill("grace.kaur@partner.invalid")
    lead.get_by_label("Role").select_option("lead")
    lead.get_by_role("button", name="Send the invitation").click()
    expect(lead.get_by_text("Invited grace.kaur@partner.invalid as co-lead.")).to_be_visible()
    lead.get_by_label("Email address").fill("tomasz.nowak@northshire.invalid")
    lead.get_by_label("Role").select_option("steering")
    lead.get_by_role("button", name="Send the invitation").click()
    expect(lead.get_by_text("tomasz.nowak@northshire.invalid (Steering group member: invited")).to_be_visible()
    check(lead, "lead-people")

    co_lead_context, co_lead = accept(browser, base, "grace.kaur@partner.invalid", "Grace Kaur", shots="co-lead")
    expect(co_lead.get_by_role("heading", name="Reverse Mentoring: LGBT+ Inclusion")).to_be_visible()
    steering_context, steering = accept(browser, base, "tomasz.nowak@northshire.invalid", "Tomasz Nowak")
    expect(steering.get_by_role("heading", name="Programmes you oversee")).to_be_visible()
    check(steering, "steering-home")

    lead.reload()
    expect(lead.get_by_text("Grace Kaur")).to_be_visible()
    expect(lead.get_by_text("Tomasz Nowak")).to_be_visible()
    expect(lead.get_by_text("invited, not yet accepted")).to_have_count(0)

    # Their account page, in the site's words.
    steering.get_by_role("link", name="Account").click()
    expect(steering.get_by_role("heading", name="Your account")).to_be_visible()
    expect(steering.get_by_text("tomasz.nowak@northshire.invalid")).to_be_visible()
    check(steering, "account")

    # Nobody has a password: once the sign-in is no longer fresh, a sensitive page asks for an emailed code.
    steering.wait_for_timeout(5500)
    steering.goto(f"{base}/my-data/")
    expect(steering.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    check(steering, "reauthenticate-code")
    steering.get_by_role("button", name="Email me a code").click()
    steering.get_by_label("Code").fill(
        "AAAA-AAAA" if code_for("tomasz.nowak@northshire.invalid") != "AAAA-AAAA" else "BBBB-BBBB"
    )
    steering.get_by_role("button", name="Confirm").click()
    expect(steering.get_by_text("Incorrect code.")).to_be_visible()
    steering.get_by_label("Code").fill(code_for("tomasz.nowak@northshire.invalid"))
    steering.get_by_role("button", name="Confirm").click()
    expect(steering.get_by_role("heading", name="My data")).to_be_visible()

    for context in (admin_context, lead_context, co_lead_context, steering_context):
        context.close()
