"""The committee report: its sections, print stylesheet, PDF and CSV, with nothing that identifies a respondent."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Answer, Testimonial
from evaluation.reports import ACTIVITIES, AT_A_GLANCE, MEETING_BANDS, headings
from evaluation.tests.results_factories import answer_many, make_survey
from programmes.models import Cohort, StaffNetwork
from programmes.tests.factories import ParticipantFactory

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
                    "5. Findings by theme", "6. Testimonials", "7. Outcomes", "8. Equality monitoring",
                    "9. Cohorts side by side", "10. Options and next steps"):  # fmt: skip
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
    rows = [row[1:] for row in csv.reader(io.StringIO(response.content.decode()))]  # without the section
    assert rows[0] == ["table", "group", "item", "count", "percent"]
    honest = [row for row in rows if row[0] == "I was able to have meaningful and honest conversations"]
    assert ["I was able to have meaningful and honest conversations", "Everyone", "Strongly agree", "6", "75"] in honest
    # Two mentees answered: mentors and mentees are hidden apart, with the reason.
    assert any(row[1] == "Mentees" and row[2].startswith("Hidden") for row in honest)
    assert not any(row[1] == "Mentors" and row[2] == "Strongly agree" for row in honest)
    # A comment question says how many answered and how many comments were approved, never the comments.
    assert ["What benefits did you gain?", "Everyone", "Comments", "8", ""] in rows
    assert ["What benefits did you gain?", "Everyone", "Approved as quotes", "6", ""] in rows
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


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _html_headings(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]


@pytest.mark.parametrize("font_dir", ["vendored", "/nonexistent"])
def test_the_report_pdf_and_csv_carry_the_same_sections(world, survey, monkeypatch, font_dir):
    if font_dir != "vendored":
        monkeypatch.setenv("REMENTO_PDF_FONT_DIR", font_dir)  # the Helvetica fallback too
    world.cohort.next_steps = Cohort.NextSteps.CONTINUE
    world.cohort.save()
    expected = list(headings(numbered=True).values())
    html = _html_headings(get(world, "evaluation:report").content.decode())
    assert [h for h in html if h[:1].isdigit()] == expected
    pdf = _pdf_text(get(world, "evaluation:report_pdf").content)
    assert [h for h in expected if h in pdf] == expected
    # In order, too.
    positions = [pdf.index(h) for h in expected]
    assert positions == sorted(positions)
    rows = list(csv.reader(io.StringIO(get(world, "evaluation:report_csv").content.decode())))
    assert list(dict.fromkeys(row[0] for row in rows[1:])) == expected
    # The parts within the sections, too.
    for part in (AT_A_GLANCE, ACTIVITIES, MEETING_BANDS):
        assert str(part) in "\n".join(html) + get(world, "evaluation:report").content.decode()
        assert str(part) in pdf
        assert any(row[1] == str(part) for row in rows)


def test_the_pdf_shows_the_equality_monitoring_and_the_comments_line_that_the_web_page_shows(world, survey):
    network = StaffNetwork.objects.create(organisation=world.organisation, name="Race Equality Network")
    for _ in range(6):
        ParticipantFactory(cohort=world.cohort, role="mentor", status="accepted").networks.add(network)
    Answer.objects.filter(quote=Answer.Quote.APPROVED).update(quote=Answer.Quote.PENDING)
    html = get(world, "evaluation:report").content.decode()
    pdf = _pdf_text(get(world, "evaluation:report_pdf").content)
    comments_line = "8 people answered; no comments have been approved as quotes yet."
    assert comments_line in html
    assert comments_line in " ".join(pdf.split())
    assert "Equality monitoring" in html and "Equality monitoring" in pdf
    assert "Race Equality Network" in html and "Race Equality Network" in pdf


def test_the_pdf_carries_approved_testimonials_with_names_and_no_comment_that_was_not_approved(world, survey):
    Testimonial.objects.create(
        participant=world.objects["mentee"], text="An hour a month that changed how I lead.", shown_name="Sam Okafor",
        job_title="Superintendent", consent_at=timezone.now(), status="approved",
    )  # fmt: skip
    pdf = " ".join(_pdf_text(get(world, "evaluation:report_pdf").content).split())
    assert "An hour a month that changed how I lead." in pdf and "Sam Okafor, Superintendent" in pdf
    assert "Listening to colleagues" in pdf
    assert "A remark from one of two mentees" not in pdf
