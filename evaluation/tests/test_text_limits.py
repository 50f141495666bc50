"""Free text in the survey builder has a sensible limit, refused beside the field with nothing typed lost.

(An answer's own free text is limited by the answer form: test_answer_form.py.)
"""

import pytest
from django.urls import reverse

from accounts.limits import SHORT_TEXT
from evaluation.models import Survey
from evaluation.tests.factories import template_survey
from remento.testing.text_limits import assert_refused_beside_the_field, too_long

pytestmark = pytest.mark.django_db


def test_a_survey_introduction_that_is_too_long_is_refused_beside_the_field(world):
    survey = template_survey(world.cohort)
    typed = too_long(SHORT_TEXT)
    data = {"title": "End", "introduction": typed, "kind": "end", "audience": "all", "trigger": "manual"}
    url = reverse("evaluation:survey_settings", args=[survey.pk])
    response = world.client_for("lead").post(url, data)
    assert_refused_beside_the_field(response, "id_introduction", typed, SHORT_TEXT)
    assert Survey.objects.get(pk=survey.pk).introduction == survey.introduction
    assert world.client_for("lead").post(url, {**data, "introduction": typed[:-1]}).status_code == 302


def test_choices_that_are_too_long_are_refused_beside_the_field(world):
    survey = template_survey(world.cohort)
    typed = too_long(SHORT_TEXT, words="Somewhere else entirely\n")
    data = {"text": "How did you meet?", "kind": "single", "theme": "time", "level": "reaction", "choices_text": typed}
    response = world.client_for("lead").post(reverse("evaluation:question_add", args=[survey.pk]), data)
    assert_refused_beside_the_field(response, "id_choices_text", typed, SHORT_TEXT)
    assert not survey.questions.filter(text="How did you meet?").exists()
