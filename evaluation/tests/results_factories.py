"""Survey rows made directly for the results tests (not through the answering pages)."""

import datetime

from evaluation.models import Answer, Question, Response, Survey

QUESTIONS = [
    # code, text, kind, theme, choices
    ("purpose_clear", "I was clear on the purpose of the scheme", "likert", "process", []),
    ("honest", "I was able to have meaningful and honest conversations", "likert", "conversations", []),
    ("times_met", "How many times did you meet?", "number", "time", []),
    ("change_behaviour", "Will you change your behaviour or work as a result?", "yes_no", "impact", []),
    ("format", "How did you mostly meet?", "single", "time", ["In person", "Online"]),
    ("activities", "What did you do together?", "multiple", "process", ["Talk", "Shadowing", "Event"]),
    ("benefits", "What benefits did you gain?", "text", "benefits", []),
]


def make_survey(cohort, *, title="End of pilot survey", kind=Survey.Kind.END, status=Survey.Status.CLOSED, **extra):
    survey = Survey.objects.create(
        cohort=cohort, title=title, kind=kind, status=status, closes_on=datetime.date(2026, 10, 1), **extra
    )
    for order, (code, text, qkind, theme, choices) in enumerate(QUESTIONS):
        Question.objects.create(
            survey=survey, order=order, code=code, text=text, kind=qkind, theme=theme, choices=choices
        )
    return survey


def answer(survey, role, **values):
    """One anonymous response; values by question code: a number, a choice, a list of choices or a text."""
    response = Response.objects.create(survey=survey, role=role)
    questions = {q.code: q for q in survey.questions.all()}
    rows = []
    for code, value in values.items():
        question = questions[code]
        row = Answer(response=response, question=question)
        if question.kind in ("likert", "number"):
            row.number = value
        elif question.kind == "multiple":
            row.choices = value
        elif question.kind == "text":
            row.text = value
        else:
            row.choice = value
        rows.append(row)
    Answer.objects.bulk_create(rows)
    return response


def answer_many(survey, role, count, **values):
    for _ in range(count):
        answer(survey, role, **values)
