"""The committee report: its sections, print stylesheet, PDF and CSV, with nothing that identifies a respondent."""

import csv
import io

import pytest
from django.urls import reverse

from evaluation.models import Answer
from evaluation.tests.results_factories import answer_many, make_survey
from programmes.models import Cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(world):
    survey = make_survey(world.cohort)
    answer_many(survey, "mentor", 6, honest=5, benefits="Listening to colleagues", times_met=4, activities=["Talk"])
    answer_many(survey, "mentee", 2, honest=2, benefits="A remark from one of two mentees", times_met=1)
    Answer.objects.filter(text="Listening to colleagues").update(quote=Answer.Quote.APPROVED)
    return survey


def get(world, name, role="steering"):
    response = world.client_for(role).get(reverse(name, args=[world.cohort.pk]))
    assert response.status_code == 200
    return response


def test_the_report_has_the_committee_report_sections_and_a_print_stylesheet(world, survey):
    world.cohort.next_steps = Cohort.NextSteps.ROLL_OUT
    world.cohort.next_steps_options = ["continue", "roll_out", "discontinue"]
    world.cohort.next_steps_notes = "Extend to the Multi-cultural network."
    world.cohort.save()
    page = get(world, "evaluation:report").content.decode()
    for heading in ("1. Purpose", "2. Background", "3. Participants", "4. Method and response rate",
                    "5. Findings by theme", "6. Outcomes", "7. Options and next steps"):  # fmt: skip
        assert heading in page
    assert 'href="/static/css/print.css" media="print"' in page
    assert "Roll out (chosen)" in page
    assert "Discontinue" in page
    assert "“Listening to colleagues”" in page
    assert "A remark from one of two mentees" not in page


def test_the_pdf_is_a_pdf_without_unapproved_comments(world, survey):
    response = get(world, "evaluation:report_pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_the_csv_holds_aggregate_tables_and_hides_small_groups(world, survey):
    response = get(world, "evaluation:report_csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["table", "group", "item", "count", "percent"]
    honest = [row for row in rows if row[0] == "I was able to have meaningful and honest conversations"]
    assert ["I was able to have meaningful and honest conversations", "Everyone", "Strongly agree", "6", "75"] in honest
    # Two mentees answered: mentors and mentees are hidden apart, with the reason.
    assert any(row[1] == "Mentees" and row[2].startswith("Hidden") for row in honest)
    assert not any(row[1] == "Mentors" and row[2] == "Strongly agree" for row in honest)
    text = response.content.decode()
    assert "Listening to colleagues" not in text  # the CSV is tables only, no comments at all
    assert "remark" not in text


def test_nobody_outside_the_programme_gets_the_pdf_or_csv(world, survey):
    for name in ("evaluation:report_pdf", "evaluation:report_csv"):
        for role in ("mentor", "other_programme_lead", "org_admin", "site_admin"):
            assert world.client_for(role).get(reverse(name, args=[world.cohort.pk])).status_code == 404


def test_a_lead_records_the_decision_with_the_options_considered_and_the_report_lists_them(world, survey):
    response = world.client_for("lead").post(
        reverse("programmes:cohort_next_steps", args=[world.cohort.pk]),
        {"next_steps_options": ["continue", "discontinue"], "next_steps": "roll_out", "next_steps_notes": "Wider."},
    )
    assert response.status_code == 302
    world.cohort.refresh_from_db()
    assert world.cohort.next_steps_options == ["continue", "roll_out", "discontinue"]
    page = get(world, "evaluation:dashboard").content.decode()
    assert "Roll out (chosen)" in page and "Continue" in page and "Discontinue" in page
