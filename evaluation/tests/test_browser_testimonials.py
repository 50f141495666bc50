"""A participant offers a named testimonial, a lead approves it and decides who completed the programme, and a
steering member reads it named beside the activities pairs logged: real Chromium, axe, at 1280 and 390 px."""

import datetime

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting
from programmes.models import Cohort
from remento.testing import assert_accessible, screenshot, sign_in
from remento.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"wide": 1280, "phone": 390}
WORDS = "I was heard by a Chief Superintendent, as an equal, and our station's briefings changed."


def check(page, name):
    """axe at both widths, nothing wider than the screen, and a screenshot of each to look at."""
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, f"{name} at {width} px")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} is {scroll} px wide at {width} px"
        screenshot(page, f"testimonials-{name}-{label}")
    page.set_viewport_size({"width": WIDTHS["wide"], "height": 900})


def test_a_testimonial_from_offer_to_the_steering_groups_dashboard_and_completion_on_the_certificates_page(
    page, live_server
):
    world = build_world()
    Cohort.objects.filter(pk=world.cohort.pk).update(status=Cohort.Status.ACTIVE)
    pairing = world.objects["pairing"]
    for day, activity in enumerate(["conversation", "shadowing", "role_play", "event"]):
        Meeting.objects.create(pairing=pairing, held_on=datetime.date(2026, 3, 2 + 7 * day), duration_minutes=90,
                               format="in_person", activity=activity)  # fmt: skip
    Meeting.objects.create(pairing=world.objects["other_pairing"], held_on=datetime.date(2026, 3, 3),
                           duration_minutes=60, format="online")  # fmt: skip
    base = live_server.url

    # The mentor offers a testimonial from My programme; without the consent tick nothing is lost.
    sign_in(page, base, world.users["mentor"].email)
    page.goto(base + "/my-programme/")
    page.get_by_role("link", name="Offer a testimonial under your name (optional)").click()
    expect(page.get_by_role("heading", name="Your testimonial", exact=True)).to_be_visible()
    page.get_by_label("Your testimonial").fill(WORDS)
    page.get_by_label("Your name as it should appear").fill("Asha Patel")
    page.get_by_label("Your job title").fill("Police Constable, Response")
    page.get_by_role("button", name="Offer my testimonial").click()
    expect(page.get_by_text("Tick this to offer your testimonial")).to_be_visible()
    expect(page.get_by_label("Your testimonial")).to_have_value(WORDS)
    check(page, "offer-error")
    page.get_by_label("I agree that this testimonial may be shown").check()
    page.get_by_role("button", name="Offer my testimonial").click()
    expect(page.get_by_text("Waiting for a lead")).to_be_visible()
    check(page, "offered")

    # The lead approves it, and records completion by hand for someone the rule leaves out.
    page.context.clear_cookies()
    sign_in(page, base, world.users["lead"].email)
    page.goto(base + f"/results/cohorts/{world.cohort.pk}/")
    page.get_by_role("link", name="Testimonials", exact=True).click()
    expect(page.get_by_text(WORDS)).to_be_visible()
    check(page, "moderation")
    page.get_by_role("button", name="Approve: Asha Patel").click()
    expect(page.get_by_text("Testimonial by Asha Patel: Approved.")).to_be_visible()

    page.goto(base + f"/results/cohorts/{world.cohort.pk}/certificates/")
    expect(page.get_by_text("at least 4 meetings")).to_be_visible()
    expect(page.get_by_role("cell", name="1 of 4", exact=True).first).to_be_visible()
    expect(page.get_by_label(world.objects["mentor"].user.name)).to_be_checked()
    other = world.objects["other_mentor"].user.name
    expect(page.get_by_label(other)).not_to_be_checked()
    page.get_by_label(world.objects["mentor"].user.name).uncheck()
    page.get_by_label(world.objects["mentee"].user.name).uncheck()
    page.get_by_label(other).check()
    page.get_by_role("button", name="Mark as completed").click()
    expect(page.get_by_text("Completion changed for 1 person.")).to_be_visible()
    expect(page.get_by_text("Marked by").first).to_be_visible()
    check(page, "certificates")

    # The steering member reads it, named, beside what pairs did together.
    page.context.clear_cookies()
    sign_in(page, base, world.users["steering"].email)
    page.goto(base + f"/results/cohorts/{world.cohort.pk}/")
    expect(page.get_by_text(WORDS)).to_be_visible()
    expect(page.get_by_text("– Asha Patel, Police Constable, Response")).to_be_visible()
    expect(page.get_by_role("row", name="Role play 1 1 2")).to_be_visible()
    check(page, "dashboard")
    page.get_by_role("link", name="Committee report").first.click()
    expect(page.get_by_role("heading", name="6. Testimonials")).to_be_visible()
    expect(page.get_by_role("heading", name="10. Options and next steps")).to_be_visible()
    check(page, "report")
