"""A participant downloads their data and erases themselves; a lead erases one on request. Axe on every page."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import User
from privacy.export import SECTIONS
from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    screenshot(page, f"privacy-{name}")


def test_a_mentor_reads_and_downloads_everything_held_about_them(page, live_server):
    logins = seed_demo()
    sign_in(page, live_server.url, logins["Mentor"])
    page.get_by_role("link", name="My data").click()
    expect(page.get_by_role("heading", name="My data", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Your applications")).to_be_visible()
    expect(page.get_by_text("Your answers are not here because they cannot be found")).to_be_visible()
    assert_accessible(page, "my data")
    shot(page, "my-data")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data (JSON)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("remento-my-data-")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["person"] == logins["Mentor"]
    assert set(data["sections"]) == {s.key for s in SECTIONS}
    assert data["sections"]["participations"]["rows"][0]["role"] == "Mentor"


def test_a_mentee_erases_their_data_after_reading_what_stays_and_can_no_longer_sign_in(page, live_server):
    logins = seed_demo()
    email = logins["Mentee"]
    sign_in(page, live_server.url, email)
    page.get_by_role("link", name="My data").click()
    page.get_by_role("link", name="Erase my data").click()
    expect(page.get_by_role("heading", name="What is kept, and why")).to_be_visible()
    expect(page.get_by_text("they cannot be found")).to_be_visible()
    assert_accessible(page, "erase me")
    shot(page, "erase")

    page.get_by_role("button", name="Erase my data and close my account").click()
    expect(page.get_by_text("Tick the box to confirm that you understand this cannot be undone.")).to_be_visible()
    assert User.objects.get(email=email).is_active
    assert_accessible(page, "erase me with an error")
    shot(page, "erase-error")

    page.get_by_label("I understand that this cannot be undone").check()
    page.get_by_role("button", name="Erase my data and close my account").click()
    expect(page.get_by_role("heading", name="Your data has been erased")).to_be_visible()
    assert_accessible(page, "erased")
    shot(page, "erased")
    assert not User.objects.filter(email=email).exists()

    sign_in(page, live_server.url, email)
    expect(page.get_by_role("heading", name="Your data has been erased")).not_to_be_visible()
    assert "/accounts/login/" in page.url


def test_a_lead_erases_a_participant_at_their_request_and_reads_the_audit_log(page, live_server):
    logins = seed_demo()
    mentor = User.objects.get(email=logins["Mentor"])
    participant = mentor.participations.get()
    sign_in(page, live_server.url, logins["Programme lead"])
    page.goto(f"{live_server.url}/participants/{participant.pk}/")
    page.get_by_role("link", name="Erase this person's data at their request").click()
    expect(page.get_by_role("heading", name=f"Erase {mentor.name}'s data")).to_be_visible()
    assert_accessible(page, "lead erases a participant")
    shot(page, "lead-erase")
    page.get_by_label("I understand that this cannot be undone").check()
    page.get_by_role("button", name=f"Erase {mentor.name}'s data").click()
    expect(page.get_by_text("The person's data has been erased.")).to_be_visible()
    mentor.refresh_from_db()
    assert not mentor.is_active

    page.goto(f"{live_server.url}/programmes/{participant.cohort.programme_id}/audit-log/")
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    expect(page.get_by_role("cell", name="Erased a person")).to_be_visible()
    assert_accessible(page, "audit log")
    shot(page, "audit-log")
