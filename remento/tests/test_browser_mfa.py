"""A programme lead's first sign-in with multi-factor authentication required, in real Chromium."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.test import override_settings
from playwright.sync_api import expect

from remento.demo import DEMO_PASSWORD, seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def authenticator_code(secret: str) -> str:
    """What the lead's phone would show now (allauth's own TOTP arithmetic)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_lead_sets_up_an_authenticator_app_and_then_signs_in_with_a_code(page, live_server):
    logins = seed_demo()
    lead = logins["Programme lead"]
    with override_settings(REMENTO_REQUIRE_MFA=True):
        sign_in(page, live_server.url, lead)

        # Straight to setting up the app, before any page with people's data.
        expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
        expect(page.get_by_text("Your role needs a second sign-in step")).to_be_visible()
        assert_accessible(page, "set up the authenticator app")
        screenshot(page, "mfa-set-up")
        page.goto(f"{live_server.url}/")  # trying to go elsewhere comes back here
        expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()

        secret = page.locator("#authenticator_secret").inner_text().strip()
        page.get_by_label("Authenticator code").fill("123")
        page.get_by_role("button", name="Activate").click()
        expect(page.get_by_text("Incorrect code")).to_be_visible()
        assert_accessible(page, "set up with a wrong code")

        page.get_by_label("Authenticator code").fill(authenticator_code(secret))
        page.get_by_role("button", name="Activate").click()
        expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
        codes = page.get_by_role("list", name="Unused recovery codes").get_by_role("listitem")
        expect(codes).to_have_count(10)
        assert_accessible(page, "recovery codes")
        screenshot(page, "mfa-recovery-codes")

        page.get_by_role("link", name="I have kept my codes: continue").click()
        expect(page.get_by_role("heading", name="Programmes you lead")).to_be_visible()
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_load_state("networkidle")

        # Next time: the password, then a code from the app.
        page.get_by_label("Email").fill(lead)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Enter the code from your authenticator app")).to_be_visible()
        assert_accessible(page, "code at sign-in")
        screenshot(page, "mfa-sign-in-code")
        # A code is good once (allauth remembers used codes in the cache); the phone
        # would show the next one 30 seconds later, which this stands in for.
        cache.clear()
        page.get_by_label("Code").fill(authenticator_code(secret))
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Programmes you lead")).to_be_visible()
        assert_accessible(page, "home after signing in with a code")


def test_a_lead_who_signed_in_a_while_ago_confirms_their_password_before_reading_disclosures(page, live_server):
    from importlib import import_module

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from django.conf import settings

    from programmes.models import Participant

    logins = seed_demo()
    sign_in(page, live_server.url, logins["Programme lead"])
    # Twenty minutes pass: the sign-in no longer counts as recent.
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {**record, "at": record["at"] - 20 * 60} for record in session[AUTHENTICATION_METHODS_SESSION_KEY]
    ]
    session.save()

    participant = Participant.objects.filter(cohort__programme__roles__user__email=logins["Programme lead"]).first()
    page.goto(f"{live_server.url}/participants/{participant.pk}/")
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert_accessible(page, "re-authentication")
    screenshot(page, "reauthenticate")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("incorrect", exact=False)).to_be_visible()
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name=participant.user.name)).to_be_visible()
    assert_accessible(page, "participant page after re-authentication")
