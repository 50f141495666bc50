"""Quote moderation: leads read free text only once the question's group meets the bar, and choose quotes."""

import pytest
from django.urls import reverse

from evaluation import services, services_results
from evaluation.models import Answer, Survey
from evaluation.tests.results_factories import answer_many, make_survey

pytestmark = pytest.mark.django_db


def quotes_page(world):
    return world.client_for("lead").get(reverse("evaluation:quotes", args=[world.cohort.pk])).content.decode()


def test_a_lead_does_not_see_comments_until_enough_people_have_answered(world):
    survey = make_survey(world.cohort)
    answer_many(survey, "mentor", 4, benefits="Too early to read")
    page = quotes_page(world)
    assert "Too early to read" not in page
    assert "4 answers so far" in page


def test_a_higher_bar_for_comments_applies_to_moderation(world):
    survey = make_survey(world.cohort, comments_min_group=7)
    answer_many(survey, "mentor", 6, benefits="Six is not enough here")
    assert "Six is not enough here" not in quotes_page(world)
    answer_many(survey, "mentee", 1, benefits="Seven is")
    page = quotes_page(world)
    assert "Six is not enough here" in page and "Seven is" in page


def test_a_lead_approves_and_rejects_quotes(world):
    survey = make_survey(world.cohort)
    answer_many(survey, "mentor", 5, benefits="Worth quoting")
    first, second = Answer.objects.filter(question__code="benefits")[:2]
    client = world.client_for("lead")
    client.post(reverse("evaluation:quote_decide", args=[world.cohort.pk, first.pk]), {"decision": "approved"})
    client.post(reverse("evaluation:quote_decide", args=[world.cohort.pk, second.pk]), {"decision": "rejected"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.quote, second.quote) == ("approved", "rejected")
    client.post(reverse("evaluation:quote_decide", args=[world.cohort.pk, second.pk]), {"decision": ""})
    second.refresh_from_db()
    assert second.quote == ""


def test_a_quote_cannot_be_approved_below_the_bar_even_by_a_crafted_post(world):
    survey = make_survey(world.cohort)
    answer_many(survey, "mentor", 3, benefits="Small group")
    target = Answer.objects.filter(question__code="benefits").first()
    response = world.client_for("lead").post(
        reverse("evaluation:quote_decide", args=[world.cohort.pk, target.pk]), {"decision": "approved"}, follow=True
    )
    assert "Too few people have answered" in response.content.decode()
    target.refresh_from_db()
    assert target.quote == ""


def test_the_moderation_page_shows_no_role_of_the_writer(world):
    survey = make_survey(world.cohort)
    answer_many(survey, "mentee", 5, benefits="Role must not show")
    page = quotes_page(world)
    assert "Role must not show" in page
    assert "Mentee" not in page and "mentee" not in page.split("Role must not show")[0][-300:]


def test_a_moderation_page_opened_before_a_reseal_answers_404_with_the_reason_and_changes_nothing(world):
    survey = make_survey(world.cohort)
    answer_many(survey, "mentor", 5, benefits="Opened before the reseal")
    stale = Answer.objects.filter(question__code="benefits").first()
    services.survey_reseal(survey_id=survey.pk)
    assert not Answer.objects.filter(pk=stale.pk).exists()
    response = world.client_for("lead").post(
        reverse("evaluation:quote_decide", args=[world.cohort.pk, stale.pk]), {"decision": "approved"}
    )
    assert response.status_code == 404
    page = response.content.decode()
    assert "That comment is not here any more" in page and "reshuffled" in page
    assert reverse("evaluation:quotes", args=[world.cohort.pk]) in page
    assert not Answer.objects.filter(quote=Answer.Quote.APPROVED).exists()


def test_a_decision_on_an_answer_a_reseal_has_just_replaced_reports_it_was_not_made(world):
    survey = make_survey(world.cohort)
    answer_many(survey, "mentor", 5, benefits="Replaced underneath")
    stale = Answer.objects.select_related("question").filter(question__code="benefits").first()
    services.survey_reseal(survey_id=survey.pk)  # between the view's look-up and the service's update
    assert services_results.answer_moderate(answer=stale, decision="approved") is False
    assert not Answer.objects.filter(quote=Answer.Quote.APPROVED).exists()


def test_an_answer_from_another_programme_cannot_be_moderated_through_a_cohort_the_lead_runs(world):
    other_survey = make_survey(world.objects["other_programme_participant"].cohort)
    answer_many(other_survey, "mentor", 5, benefits="Not yours to quote")
    target = Answer.objects.filter(text="Not yours to quote").first()
    response = world.client_for("lead").post(
        reverse("evaluation:quote_decide", args=[world.cohort.pk, target.pk]), {"decision": "approved"}
    )
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.quote == ""


def test_comments_of_a_survey_still_open_cannot_be_read_or_chosen_until_it_closes(world):
    survey = make_survey(world.cohort, status=Survey.Status.OPEN)
    answer_many(survey, "mentor", 6, benefits="Arriving one by one")
    page = quotes_page(world)
    assert "Arriving one by one" not in page
    assert "This survey is still open" in page
    assert "6 answers so far" not in page  # not even the count, which would move as each person answers
    target = Answer.objects.filter(text="Arriving one by one").first()
    response = world.client_for("lead").post(
        reverse("evaluation:quote_decide", args=[world.cohort.pk, target.pk]), {"decision": "approved"}, follow=True
    )
    assert "once the survey closes" in response.content.decode()
    target.refresh_from_db()
    assert target.quote == ""
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    assert "Arriving one by one" in quotes_page(world)
