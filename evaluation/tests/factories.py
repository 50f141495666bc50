"""Surveys for the survey tests: built through the services, so they hold what real use would."""

import factory

from evaluation import services
from evaluation.models import Invitation, Question, Survey
from programmes.tests.factories import CohortFactory


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Survey {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    text = factory.Sequence(lambda n: f"Question {n}")
    code = factory.Sequence(lambda n: f"question-{n}")
    kind = Question.Kind.LIKERT
    theme = Question.Theme.PROCESS
    order = factory.Sequence(lambda n: n)


def template_survey(cohort, **settings) -> Survey:
    """A draft built from the default template, with any settings changed."""
    survey = services.survey_create(cohort=cohort, title="End of pilot survey", kind="end", from_template=True)
    if settings:
        Survey.objects.filter(pk=survey.pk).update(**settings)
        survey.refresh_from_db()
    return survey


def open_survey(cohort, **settings) -> Survey:
    """A survey from the default template, opened: every accepted participant of the cohort is invited."""
    survey = template_survey(cohort, **settings)
    services.survey_open(survey_id=survey.pk)
    survey.refresh_from_db()
    return survey


def invitation_for(survey, participant) -> Invitation:
    return Invitation.objects.get(survey=survey, participant=participant)


def valid_answers(survey, **by_code) -> dict:
    """POST data answering every required question of a default-template survey; `by_code` overrides."""
    defaults = {"likert": "4", "yes_no": "undecided", "number": "4", "text": "", "single": None, "multiple": None}
    data = {}
    for question in survey.questions.all():
        value = by_code.get(question.code, defaults[question.kind])
        if value is None and question.choices:
            value = question.choices[0]
        if value is not None:
            data[f"q{question.pk}"] = value
    return data
