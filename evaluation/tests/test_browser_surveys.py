"""Surveys in real Chromium: participants answer anonymously; a lead builds and opens a survey. Axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from evaluation.models import Survey
from remento.demo import seed_demo
from remento.testing import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    screenshot(page, f"surveys-{name}")


def _group(page, question):
    return page.get_by_role("group", name=re.compile(re.escape(question)))


def _stored(survey) -> int:
    """Responses kept, opened or still sealed (waiting for enough of the same role, docs/anonymity.md)."""
    return survey.responses.count() + survey.sealed_responses.count()


def test_a_mentee_answers_the_open_survey_once(page, live_server):
    logins = seed_demo()
    survey = Survey.objects.get(title="Mid-point check-in")
    before = _stored(survey)
    sign_in(page, live_server.url, logins["Mentee"])
    expect(page.get_by_role("heading", name="Surveys waiting for your answers")).to_be_visible()
    assert_accessible(page, "home with a survey to answer")
    shot(page, "home")
    page.get_by_role("link", name="Mid-point check-in").click()
    expect(page.get_by_role("heading", name="Your answers are anonymous")).to_be_visible()
    assert_accessible(page, "answer page")
    shot(page, "answer")

    _group(page, "I was clear on the purpose of the scheme").get_by_label("Strongly agree").check()
    _group(page, "The briefings and training were suitable").get_by_label("Agree", exact=True).check()
    _group(page, "Would protected time to meet have helped?").get_by_label("Yes").check()
    _group(page, "Will you change your behaviour or work as a result?").get_by_label("Undecided").check()
    page.get_by_label("What benefits did you gain?").fill("I see our promotion process through my mentor's eyes.")
    page.get_by_role("button", name="Send my answers").click()
    # Two required questions were missed: the messages sit beside them and nothing typed is lost.
    expect(page.get_by_text("Some answers need attention")).to_be_visible()
    expect(page.get_by_label("What benefits did you gain?")).to_have_value(
        "I see our promotion process through my mentor's eyes."
    )
    expect(_group(page, "I was clear on the purpose of the scheme").get_by_label("Strongly agree")).to_be_checked()
    expect(page.get_by_text("This field is required.")).to_have_count(2)
    assert_accessible(page, "answer page with errors")
    shot(page, "answer-errors")

    _group(page, "I was able to have meaningful and honest conversations").get_by_label("Agree", exact=True).check()
    _group(page, "Would you recommend the scheme to colleagues?").get_by_label("Yes").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you for your answers")).to_be_visible()
    assert_accessible(page, "thank-you page")
    shot(page, "thanks")
    assert _stored(survey) == before + 1
    assert survey.sealed_responses.filter(role="mentee").exists() or survey.responses.filter(role="mentee").exists()
    page.get_by_role("link", name="Go to your home page").click()

    # The home page no longer lists it; the link in the email now says it was answered.
    expect(page.get_by_role("link", name="Mid-point check-in")).to_have_count(0)
    invitation = survey.invitations.get(participant__user__email=logins["Mentee"])
    page.goto(f"{live_server.url}/surveys/invitations/{invitation.pk}/")
    expect(page.get_by_role("heading", name="You have already answered this survey")).to_be_visible()
    assert_accessible(page, "already answered")
    shot(page, "already-answered")
    assert _stored(survey) == before + 1


def test_a_lead_builds_a_survey_from_the_template_and_opens_it(page, live_server):
    logins = seed_demo()
    sign_in(page, live_server.url, logins["Programme lead"])
    page.get_by_role("link", name="Reverse Mentoring: Race and Inclusion").first.click()
    page.get_by_role("link", name="Pilot 2026").first.click()
    page.get_by_role("link", name="Surveys").click()
    expect(page.get_by_role("heading", name="This cohort’s surveys")).to_be_visible()
    expect(page.get_by_role("link", name="Mid-point check-in")).to_be_visible()
    assert_accessible(page, "a cohort's surveys")
    shot(page, "list")

    page.get_by_label("Title").fill("End of pilot evaluation")
    page.get_by_role("button", name="Create the survey").click()
    expect(page.get_by_text("I was able to have meaningful and honest conversations", exact=True)).to_be_visible()
    assert_accessible(page, "survey builder")
    shot(page, "builder")

    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Question").fill("How did you mostly meet?")
    page.get_by_label("Kind of answer").select_option("single")
    page.get_by_label("Section").select_option(label="Your meetings")
    page.get_by_label("Evaluation theme").select_option("time")
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_text("Give at least two choices, one per line.")).to_be_visible()
    expect(page.get_by_label("Question")).to_have_value("How did you mostly meet?")
    assert_accessible(page, "question form with an error")
    shot(page, "question-error")
    page.get_by_label("Choices").fill("In person\nOnline\nBy phone")
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_text("Question added.")).to_be_visible()
    item = page.locator("li", has_text="How did you mostly meet?")
    expect(item.get_by_text("Choices: In person; Online; By phone")).to_be_visible()
    # Remento logs how each pair met: the answers could be matched to that, and the lead is told so, beside it.
    expect(item.get_by_text("This question could identify who answered")).to_be_visible()
    expect(item.get_by_text("Remento already records how each pair met")).to_be_visible()
    expect(page.locator(".messages").get_by_text("Remento already records how each pair met")).to_be_visible()
    assert page.locator("text=This question could identify who answered").count() == 1  # the template's: none
    assert_accessible(page, "survey builder with a warning")
    shot(page, "builder-warning")
    page.set_viewport_size({"width": 390, "height": 844})
    item.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "builder-warning-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    meetings_section = page.locator("ol").nth(1).locator("li")
    expect(meetings_section.nth(2)).to_contain_text("How did you mostly meet?")
    item.get_by_role("button", name="Up").click()
    expect(meetings_section.nth(1)).to_contain_text("How did you mostly meet?")

    page.get_by_role("link", name="Change the settings").click()
    page.get_by_label("Who is asked").select_option("mentees")
    page.get_by_label("Last day to answer").fill("2099-12-31")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()

    page.get_by_role("button", name="Open it now and invite people").click()
    expect(page.get_by_text("Survey opened: 24 people invited.")).to_be_visible()
    expect(page.get_by_text("cannot change now that the survey has opened")).to_be_visible()
    expect(page.get_by_role("link", name="Add a question")).to_have_count(0)
    assert_accessible(page, "an open survey")
    shot(page, "opened")
    page.get_by_role("button", name="Close the survey").click()
    expect(page.get_by_text("Survey closed.")).to_be_visible()
    assert Survey.objects.get(title="End of pilot evaluation", cohort__name="Pilot 2026").status == "closed"
