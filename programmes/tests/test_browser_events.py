"""A lead runs training and a mentor replies, in real Chromium with axe."""

import pytest
from playwright.sync_api import expect

from programmes.models import Attendance
from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_adds_training_a_mentor_replies_and_the_lead_marks_attendance(browser, live_server):
    logins = seed_demo()
    lead = browser.new_context(bypass_csp=True).new_page()
    sign_in(lead, live_server.url, logins["Programme lead"])
    lead.get_by_role("link", name="Reverse Mentoring: Race and Inclusion").first.click()
    lead.get_by_role("link", name="Pilot 2026").click()
    lead.get_by_role("link", name="Events and attendance").click()
    assert_accessible(lead, "events")
    lead.get_by_label("Kind").select_option("training")
    lead.get_by_label("Title").fill("Refresher: difficult conversations")
    lead.get_by_label("Starts").fill("2099-05-01T10:00")
    lead.get_by_label("Who is invited").select_option("mentors")
    lead.get_by_role("button", name="Add the event and invite its audience").click()
    expect(lead.get_by_text("added and its audience invited")).to_be_visible()
    assert_accessible(lead, "event page")

    mentor = browser.new_context(bypass_csp=True).new_page()
    sign_in(mentor, live_server.url, logins["Mentor"])
    mentor.get_by_role("link", name="My programme").first.click()
    mentor.get_by_role("button", name="I will come to Refresher: difficult conversations").click()
    expect(mentor.get_by_text("Your reply to “Refresher: difficult conversations” is saved.")).to_be_visible()
    assert_accessible(mentor, "my programme after replying")
    screenshot(mentor, "events-my-programme")

    lead.reload()
    lead.get_by_label(
        Attendance.objects.get(event__title__startswith="Refresher", reply="yes").participant.user.name
    ).check()
    lead.get_by_role("button", name="Save attendance").click()
    expect(lead.get_by_text("Attendance saved.")).to_be_visible()
    screenshot(lead, "events-event")
    assert Attendance.objects.get(event__title__startswith="Refresher", reply="yes").attended is True


def test_a_lead_is_told_beside_the_field_when_a_file_is_not_what_its_name_says(
    browser, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    logins = seed_demo()
    lead = browser.new_context(bypass_csp=True).new_page()
    sign_in(lead, live_server.url, logins["Programme lead"])
    lead.get_by_role("link", name="Reverse Mentoring: Race and Inclusion").first.click()
    lead.get_by_role("link", name="Resources").first.click()
    lead.get_by_label("Title").fill("Mentor handbook")
    lead.get_by_label("File").set_input_files(
        files=[
            {"name": "handbook.pdf", "mimeType": "application/pdf", "buffer": b"<html><body>Not a PDF</body></html>"}
        ]
    )
    lead.get_by_role("button", name="Add the resource").click()
    expect(lead.get_by_text("This file is named as a PDF file but its contents are not one.")).to_be_visible()
    expect(lead.get_by_label("Title")).to_have_value("Mentor handbook")  # nothing typed is lost
    assert_accessible(lead, "resources with a refused file")
    screenshot(lead, "resources-refused-file")

    lead.get_by_label("File").set_input_files(
        files=[{"name": "handbook.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"}]
    )
    lead.get_by_role("button", name="Add the resource").click()
    expect(lead.get_by_text("Added “Mentor handbook”.")).to_be_visible()
    expect(lead.get_by_role("link", name="Download")).to_be_visible()
