"""Every CSV we write escapes cells that a spreadsheet would read as a formula."""

import csv
import io
import re
from pathlib import Path

import pytest

from accounts.spreadsheets import csv_writer, spreadsheet_safe

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_is_written_as_text(start):
    stream = io.StringIO()
    csv_writer(stream).writerow([f"{start}SUM(A1:A9)", "Race and inclusion"])
    [row] = csv.reader(io.StringIO(stream.getvalue(), newline=""))
    assert row == [f"'{start}SUM(A1:A9)", "Race and inclusion"]


def test_ordinary_text_numbers_and_blanks_are_written_as_they_are():
    stream = io.StringIO()
    csv_writer(stream).writerows([["Mentors", 12, -3, 4.5, "", None, "a = b", "O'Brien"]])
    assert stream.getvalue() == "Mentors,12,-3,4.5,,,a = b,O'Brien\r\n"
    assert spreadsheet_safe(-3) == -3


def test_no_module_of_ours_writes_a_csv_any_other_way():
    writers = re.compile(r"csv\.(writer|DictWriter)\(")
    ours = [folder for folder in ROOT.iterdir() if (folder / "__init__.py").exists()]
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ours
        for path in folder.rglob("*.py")
        if "tests" not in path.parts and path.name != "spreadsheets.py" and writers.search(path.read_text())
    ]
    assert len(ours) >= 8
    assert offenders == [], "write CSV through accounts.spreadsheets.csv_writer"
