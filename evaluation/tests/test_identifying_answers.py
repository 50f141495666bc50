"""Answers that could be matched against what Remento records (issue 13, point 2).

The default survey asked "How many times did you meet?": with the respondent's role, every truthful answer
matched exactly one pairing's logged meetings, in the same database a lead reads as "Are pairs meeting?". And the
report showed answers by role in cells of one ("Mentors, 4 meetings: 1"). Neither may happen.
"""

import csv
import io
import re

import pytest
from django.urls import reverse

from evaluation import pdf, services
from evaluation.forms import AnswerForm
from evaluation.models import Question, Response
from evaluation.tests.factories import open_survey, valid_answers
from evaluation.tests.results_factories import answer, answer_many, make_survey
from matching.models import Pairing
from meetings.tests.factories import MeetingFactory
from programmes.models import Participant
from programmes.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_no_truthful_answer_to_the_default_survey_matches_exactly_one_pairings_logged_meetings(world):
    pairings = [world.objects["pairing"], world.objects["other_pairing"]]
    for _ in range(3):
        mentor = ParticipantFactory(cohort=world.cohort, role=Participant.Role.MENTOR)
        mentee = ParticipantFactory(cohort=world.cohort, role=Participant.Role.MENTEE)
        pairings.append(Pairing.objects.create(cohort=world.cohort, mentor=mentor, mentee=mentee, status="active"))
    for n, pairing in enumerate(pairings, 1):  # each pair its own count, as "Are pairs meeting?" shows a lead
        MeetingFactory.create_batch(n, pairing=pairing)
    logged = {}
    for pairing in pairings:
        logged[pairing.mentor_id] = logged[pairing.mentee_id] = pairing.meetings.count()

    survey = open_survey(world.cohort)
    asks_meetings = [q for q in survey.questions.all() if re.search(r"how (many|often).*\bmeet", q.text.lower())]
    for invitation in survey.invitations.select_related("participant"):
        truthful = {q.code: str(logged[invitation.participant_id]) for q in asks_meetings}
        form = AnswerForm({"token": "x", **valid_answers(survey, **truthful)}, questions=survey.questions.all())
        assert form.is_valid(), form.errors
        services.response_submit(invitation=invitation, answers=form.answers())
    services.survey_close(survey_id=survey.pk)
    assert Response.objects.filter(survey=survey).count() == 10

    # Whoever reads the database: each response's numbers against each pairing's logged meetings.
    counts = [pairing.meetings.count() for pairing in pairings]
    matched = [
        (response.role, answer.number)
        for response in Response.objects.filter(survey=survey).prefetch_related("answers__question")
        for answer in response.answers.all()
        if answer.question.kind == Question.Kind.NUMBER and counts.count(answer.number) == 1
    ]
    assert matched == [], f"{len(matched)} responses each point to one pairing, and with the role to one person"


@pytest.fixture
def one_mentor_apart(world):
    """Twelve answers, enough for everything to show overall; one mentor met four times and disagreed."""
    survey = make_survey(world.cohort)
    answer_many(survey, "mentor", 5, honest=5, times_met=5, change_behaviour="yes")
    answer(survey, "mentor", honest=2, times_met=4, change_behaviour="yes")
    answer_many(survey, "mentee", 6, honest=5, times_met=5, change_behaviour="yes")
    return survey


def _get(world, name):
    response = world.client_for("steering").get(reverse(name, args=[world.cohort.pk]))
    assert response.status_code == 200
    return response


def test_answers_by_role_with_a_cell_under_the_minimum_are_hidden_in_the_csv(world, one_mentor_apart):
    # The first column names the report's section; the rest are (table, group, item, count, percent).
    rows = [row[1:] for row in csv.reader(io.StringIO(_get(world, "evaluation:report_csv").content.decode()))]
    questions = {q.text for q in one_mentor_apart.questions.all()}
    by_role = [row for row in rows if row[0] in questions and row[1] in ("Mentors", "Mentees")]
    assert by_role, "each question still says why its breakdown by role is hidden"
    for table, group, item, count, _percent in by_role:
        assert not (count.isdigit() and 0 < int(count) < 5), f"{table}: {group}, {item}: {count}"
        assert item != "Agree (or yes)" or table == "Will you change your behaviour or work as a result?"
    assert ["How many times did you meet?", "Mentors", "4", "1", "17"] not in rows
    assert any(row[1] == "Mentors" and "fewer than 5 mentors or mentees" in row[2] for row in by_role)
    # A question where every cell is 0 or at least five still shows its breakdown (six and six said yes).
    assert ["Will you change your behaviour or work as a result?", "Mentors", "Yes", "6", "100"] in rows
    assert ["How many times did you meet?", "Everyone", "4", "1", "8"] in rows  # everyone's own answers, as before


def test_answers_by_role_with_a_cell_under_the_minimum_are_hidden_on_the_page(world, one_mentor_apart):
    page = _get(world, "evaluation:dashboard").content.decode()
    for code in ("times_met", "honest"):
        question = one_mentor_apart.questions.get(code=code)
        block = page[page.index(f'id="question-{question.pk}"') :]
        block = block[: block.index("</table>") + 200]
        assert ">Mentors</th>" not in block and "Mentors: " not in block
        assert "Mentors and mentees separately" in block


def test_answers_by_role_with_a_cell_under_the_minimum_are_hidden_in_the_pdf(world, one_mentor_apart, monkeypatch):
    written = []
    original = pdf._Document.t

    def record(self, text):
        written.append(str(text))
        return original(self, text)

    monkeypatch.setattr(pdf._Document, "t", record)
    assert _get(world, "evaluation:report_pdf").content.startswith(b"%PDF")
    honest = next(i for i, t in enumerate(written) if t == "I was able to have meaningful and honest conversations")
    summary = written[honest + 1]
    assert summary.startswith("12 answered. 92% agreed.") and "Mentors" not in summary and "Mentees" not in summary
    behaviour = written[written.index("Will you change your behaviour or work as a result?") + 1]
    assert "Mentors: 100%" in behaviour  # all cells five or more: shown
