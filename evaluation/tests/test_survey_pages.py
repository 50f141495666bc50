"""Leads build surveys; everyone else gets 404. Questions lock once a survey opens."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape

from evaluation import identifying
from evaluation.models import Invitation, Question, Section, Survey
from evaluation.tests import access_urls_surveys
from evaluation.tests.factories import open_survey, template_survey
from notifications.models import Notification
from remento.testing.world import ROLES

pytestmark = pytest.mark.django_db

LEADS_REDIRECT = {"lead": 302, "co_lead": 302}
DEFAULT_QUESTIONS = [
    "I was clear on the purpose of the scheme",
    "The briefings and training were suitable",
    "I was able to have meaningful and honest conversations",
    "Would protected time to meet have helped?",
    "Will you change your behaviour or work as a result?",
    "What benefits did you gain?",
    "What did you learn, and what best practice would you share?",
    "What should we improve?",
    "Would you recommend the scheme to colleagues?",
]


def test_every_survey_url_answers_each_role_as_its_rows_say(world):
    fixtures = access_urls_surveys.fixtures(world)
    for name, (arguments, expected) in access_urls_surveys.MATRIX.items():
        world.assert_only(reverse(name, args=arguments(world, fixtures)), expected)


@pytest.mark.parametrize("name", ["survey_delete", "section_add", "survey_open", "survey_close"])
def test_only_the_programmes_leads_may_post_to_a_survey(world, name):
    survey = template_survey(world.cohort)
    allowed = dict.fromkeys(["lead", "co_lead"], None) if name in ("survey_delete", "survey_open") else LEADS_REDIRECT
    world.assert_only(reverse(f"evaluation:{name}", args=[survey.pk]), allowed, method="post", data={"title": "S"})
    assert Survey.objects.filter(pk=survey.pk).exists()


@pytest.mark.parametrize("name", ["question_delete", "question_move"])
def test_only_the_programmes_leads_may_change_a_question(world, name):
    survey = template_survey(world.cohort)
    question = survey.questions.last()
    allowed = {"lead": None, "co_lead": None} if name == "question_delete" else LEADS_REDIRECT
    world.assert_only(reverse(f"evaluation:{name}", args=[question.pk]), allowed, method="post")
    assert Question.objects.filter(pk=question.pk).exists()


def test_a_steering_member_cannot_open_a_survey(world):
    survey = template_survey(world.cohort)
    response = world.client_for("steering").post(reverse("evaluation:survey_open", args=[survey.pk]))
    assert response.status_code == 404
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT and not Invitation.objects.exists()


def test_a_lead_creates_a_survey_from_the_default_template(world):
    client = world.client_for("lead")
    response = client.post(
        reverse("evaluation:surveys", args=[world.cohort.pk]),
        {"title": "End of pilot", "kind": "end", "start": "template"},
    )
    survey = Survey.objects.get(title="End of pilot")
    assert response.url == reverse("evaluation:survey", args=[survey.pk])
    assert [q.text for q in survey.questions.order_by("order")] == DEFAULT_QUESTIONS
    kinds = {q.code: q.kind for q in survey.questions.all()}
    assert kinds["behaviour_change"] == "yes_no" and kinds["benefits"] == "text"
    assert kinds["honest_conversations"] == "likert" and kinds["protected_time"] == "yes_no"
    assert survey.sections.count() == 4 and not survey.questions.filter(section=None).exists()
    page = client.get(response.url)
    assert "I was able to have meaningful and honest conversations" in page.content.decode()


def test_the_default_template_asks_nothing_remento_records_and_no_exact_number(world):
    survey = template_survey(world.cohort)
    recorded = identifying.recorded_names(world.organisation)
    assert survey.questions.count() == len(DEFAULT_QUESTIONS)
    for question in survey.questions.all():
        assert question.kind != Question.Kind.NUMBER and identifying.question_warnings(question, recorded) == []


def test_a_lead_adding_a_question_that_repeats_what_remento_records_is_warned_beside_it(world):
    survey = template_survey(world.cohort)
    client = world.client_for("lead")
    asked = {
        "How many times did you meet?": ("number", "", "how many meetings each pair logged"),
        "Where do you work?": ("single", f"{world.objects['directorate'].name}\nElsewhere", "directorate"),
        "What did you do together?": ("multiple", "Conversation\nShadowing", "how each pair met"),
        "Did you attend the briefing?": ("yes_no", "", "who attended each briefing"),
    }
    for text, (kind, choices, _) in asked.items():
        data = {"text": text, "kind": kind, "theme": "time", "level": "reaction", "choices_text": choices}
        response = client.post(reverse("evaluation:question_add", args=[survey.pk]), data, follow=True)
        question = survey.questions.get(text=text)
        assert response.redirect_chain[-1][0].endswith(f"#question-{question.pk}")
        assert "alert-warning" in response.content.decode()  # the message says so as the question is saved
    page = client.get(reverse("evaluation:survey", args=[survey.pk])).content.decode()
    for text, (_kind, _choices, recorded) in asked.items():
        item = page[page.index(f'id="question-{survey.questions.get(text=text).pk}"') :]
        item = item[: item.index("</li>")]
        assert "This question could identify who answered" in item and recorded in item, text
    assert "An exact number can single someone out" in page
    assert page.count("This question could identify who answered") == len(asked)  # the template's own: none


def test_a_baseline_and_an_end_survey_share_question_codes(world):
    client = world.client_for("lead")
    for title, kind in [("Baseline", "baseline"), ("End", "end")]:
        client.post(
            reverse("evaluation:surveys", args=[world.cohort.pk]), {"title": title, "kind": kind, "start": "template"}
        )
    baseline, end = Survey.objects.get(title="Baseline"), Survey.objects.get(title="End")
    assert baseline.kind == "baseline"
    assert set(baseline.questions.values_list("code", flat=True)) == set(end.questions.values_list("code", flat=True))


def test_a_blank_survey_has_no_questions(world):
    world.client_for("lead").post(
        reverse("evaluation:surveys", args=[world.cohort.pk]), {"title": "Mine", "kind": "end", "start": "blank"}
    )
    assert not Survey.objects.get(title="Mine").questions.exists()


def test_a_survey_without_a_title_is_not_created_and_the_page_says_why(world):
    response = world.client_for("lead").post(
        reverse("evaluation:surveys", args=[world.cohort.pk]), {"title": "", "kind": "end", "start": "template"}
    )
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not Survey.objects.exists()


def test_a_lead_adds_each_kind_of_question(world):
    survey = template_survey(world.cohort)
    client = world.client_for("lead")
    section = survey.sections.first()
    for kind in Question.Kind.values:
        data = {
            "text": f"A {kind} question",
            "kind": kind,
            "theme": "learning",
            "level": "learning",
            "section": section.pk,
        }
        if kind in ("single", "multiple"):
            data["choices_text"] = "In person\nOnline\n\nOnline"
        response = client.post(reverse("evaluation:question_add", args=[survey.pk]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
    multiple = survey.questions.get(kind="multiple", text="A multiple question")
    assert multiple.choices == ["In person", "Online"] and multiple.section == section and not multiple.required
    assert multiple.code == "a-multiple-question"
    assert survey.questions.order_by("order").last().text == "A text question"


def test_a_choice_question_without_choices_is_refused_beside_the_field_with_nothing_lost(world):
    survey = template_survey(world.cohort)
    response = world.client_for("lead").post(
        reverse("evaluation:question_add", args=[survey.pk]),
        {
            "text": "How did you meet?",
            "kind": "single",
            "theme": "time",
            "level": "reaction",
            "choices_text": "Only one",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Give at least two choices" in html
    assert 'value="How did you meet?"' in html and "Only one" in html
    assert not survey.questions.filter(text="How did you meet?").exists()


def test_a_lead_edits_reorders_and_deletes_questions(world):
    survey = template_survey(world.cohort)
    client = world.client_for("lead")
    first, second = survey.questions.order_by("order")[:2]
    client.post(reverse("evaluation:question_move", args=[second.pk]), {"direction": "up"})
    assert list(survey.questions.order_by("order").values_list("pk", flat=True)[:2]) == [second.pk, first.pk]
    # Moving the first question of a section up does nothing.
    client.post(reverse("evaluation:question_move", args=[second.pk]), {"direction": "up"})
    assert survey.questions.order_by("order").first() == second
    client.post(
        reverse("evaluation:question_edit", args=[first.pk]),
        {"text": "The purpose was clear", "kind": "likert", "theme": "process", "level": "reaction", "required": "on",
         "code": "purpose_clear"},
    )  # fmt: skip
    first.refresh_from_db()
    assert first.text == "The purpose was clear" and first.code == "purpose_clear"
    client.post(reverse("evaluation:question_delete", args=[first.pk]))
    assert not Question.objects.filter(pk=first.pk).exists()


def test_a_lead_adds_a_section(world):
    survey = template_survey(world.cohort)
    world.client_for("lead").post(reverse("evaluation:section_add", args=[survey.pk]), {"title": "Training"})
    assert survey.sections.order_by("order").last().title == "Training"


def test_questions_cannot_change_once_the_survey_has_opened(world):
    survey = open_survey(world.cohort)
    question = survey.questions.first()
    client = world.client_for("lead")
    response = client.post(
        reverse("evaluation:question_edit", args=[question.pk]),
        {"text": "Changed", "kind": "likert", "theme": "process", "level": "reaction"},
    )
    assert response.status_code == 302
    client.post(reverse("evaluation:question_delete", args=[question.pk]))
    client.post(
        reverse("evaluation:question_add", args=[survey.pk]), {"text": "New", "kind": "text", "theme": "learning"}
    )
    client.post(reverse("evaluation:section_add", args=[survey.pk]), {"title": "Late"})
    client.post(reverse("evaluation:survey_delete", args=[survey.pk]))
    question.refresh_from_db()
    assert question.text != "Changed" and survey.questions.count() == len(DEFAULT_QUESTIONS)
    assert not Section.objects.filter(title="Late").exists() and Survey.objects.filter(pk=survey.pk).exists()
    page = client.get(reverse("evaluation:survey", args=[survey.pk])).content.decode()
    assert "cannot change now that the survey has opened" in page
    assert reverse("evaluation:question_edit", args=[question.pk]) not in page


def test_settings_need_an_opening_date_for_the_dates_trigger(world):
    survey = template_survey(world.cohort)
    response = world.client_for("lead").post(
        reverse("evaluation:survey_settings", args=[survey.pk]),
        {"title": "End", "kind": "end", "audience": "mentees", "trigger": "dates", "closes_on": "2099-01-01"},
    )
    assert "Choose the date it opens" in response.content.decode()
    assert 'value="2099-01-01"' in response.content.decode()
    survey.refresh_from_db()
    assert survey.trigger == "manual"


def test_a_lead_opens_a_survey_for_one_role_and_then_closes_it(world):
    survey = template_survey(world.cohort, audience=Survey.Audience.MENTEES)
    client = world.client_for("lead")
    client.post(reverse("evaluation:survey_open", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    invited = set(Invitation.objects.filter(survey=survey).values_list("participant__role", flat=True))
    assert invited == {"mentee"} and survey.invitations.count() == 2
    client.post(reverse("evaluation:survey_close", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED and survey.closes_on is not None


def test_an_empty_survey_cannot_be_opened(world):
    survey = Survey.objects.create(cohort=world.cohort, title="Empty")
    response = world.client_for("lead").post(reverse("evaluation:survey_open", args=[survey.pk]), follow=True)
    assert "Add at least one question" in response.content.decode()
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_the_surveys_page_counts_answers_and_the_cohort_page_links_to_it(world):
    open_survey(world.cohort)
    client = world.client_for("lead")
    page = client.get(reverse("evaluation:surveys", args=[world.cohort.pk])).content.decode()
    assert "0 of 4" in page
    cohort_page = client.get(reverse("programmes:cohort", args=[world.cohort.pk])).content.decode()
    assert reverse("evaluation:surveys", args=[world.cohort.pk]) in cohort_page


def test_a_participant_sees_their_open_survey_on_the_home_page_until_they_answer(world):
    survey = open_survey(world.cohort)
    survey.closes_on = datetime.date(2031, 3, 14)
    survey.save(update_fields=["closes_on"])
    invitation = survey.invitations.get(participant=world.objects["mentor"])
    link = reverse("evaluation:invitation", args=[invitation.pk])
    home = world.client_for("mentor").get(reverse("home")).content.decode()
    assert link in home
    assert (
        f"<strong>{escape(survey.title)}</strong></a>, {escape(world.programme.name)} ({escape(world.cohort.name)})"
        in home
    )
    assert f"Open until {date_format(survey.closes_on, 'j F Y')}" in home
    assert link not in world.client_for("mentee").get(reverse("home")).content.decode()
    Invitation.objects.filter(pk=invitation.pk).update(used=True)
    assert link not in world.client_for("mentor").get(reverse("home")).content.decode()


def test_opening_queues_one_invitation_email_per_person(world):
    survey = open_survey(world.cohort)
    emails = Notification.objects.filter(kind="survey_invitation")
    assert emails.count() == survey.invitations.count() == 4
    assert set(emails.values_list("recipient", flat=True)) == set(
        survey.invitations.values_list("participant__user", flat=True)
    )


def test_roles_listed_in_this_module_are_all_known():
    assert set(LEADS_REDIRECT) <= set(ROLES)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_surveys_list_and_a_survey_page_run_the_same_queries_at_two_sizes(world):
    client = world.client_for("lead")
    survey = open_survey(world.cohort)
    list_url = reverse("evaluation:surveys", args=[world.cohort.pk])
    survey_url = reverse("evaluation:survey", args=[survey.pk])
    small = (_queries(client, list_url), _queries(client, survey_url))
    for _ in range(3):
        open_survey(world.cohort)
    for n in range(6):
        Question.objects.create(survey=survey, text=f"Extra {n}", kind="text", theme="learning", order=20 + n)
    Section.objects.create(survey=survey, title="More", order=9)
    assert (_queries(client, list_url), _queries(client, survey_url)) == small


def _selected(page: str, field: str) -> list[str]:
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select)


def test_a_question_can_be_added_without_first_picking_an_evaluation_theme(world):
    survey = Survey.objects.create(cohort=world.cohort, title="Blank")
    client = world.client_for("lead")
    url = reverse("evaluation:question_add", args=[survey.pk])
    page = client.get(url).content.decode()
    assert _selected(page, "theme") == ["process"] and _selected(page, "level") == ["reaction"]
    assert '<option value="" selected>---------</option>' not in page.split('name="theme"')[1].split("</select>")[0]
    # What the browser sends when the lead types a question and leaves the rest as it is.
    response = client.post(url, {"text": "Was it worth your time?", "kind": "yes_no", "theme": "process",
                                 "level": "reaction", "required": "on"})  # fmt: skip
    assert response.status_code == 302
    assert survey.questions.get().theme == "process"


def test_the_next_question_starts_in_the_theme_and_level_of_the_last_one_added(world):
    survey = template_survey(world.cohort)
    client = world.client_for("lead")
    url = reverse("evaluation:question_add", args=[survey.pk])
    client.post(url, {"text": "What did you learn?", "kind": "text", "theme": "learning", "level": "learning"})
    page = client.get(url).content.decode()
    assert _selected(page, "theme") == ["learning"] and _selected(page, "level") == ["learning"]


def test_the_kirkpatrick_level_is_explained_where_it_is_chosen(world):
    survey = template_survey(world.cohort)
    page = world.client_for("lead").get(reverse("evaluation:question_add", args=[survey.pk])).content.decode()
    assert "What it measures (Kirkpatrick level)" in page
    assert "four levels are a common way to evaluate training" in page
