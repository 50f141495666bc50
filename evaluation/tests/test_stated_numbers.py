"""Numbers that belong to a programme's settings are never written into a page, email or help text by hand:
a programme set to a minimum of 3, or to 6 suggested meetings, must read its own numbers everywhere."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The reporting minimum, the suggested number of meetings and the nudge interval as words or figures.
HARD_CODED = re.compile(
    r"\b(five|5)\s+or\s+more\s+(people|respondents)\b"
    r"|\b(at\s+least|fewer\s+than|groups\s+of)\s+(five|5)\s+(people|respondents)\b"
    r"|\b(four|4)\s+(suggested\s+)?meetings\b"
    r"|\b(1\s+to\s+4|5\s+or\s+more)\s+meetings\b"
    r"|\bafter\s+(28|twenty-eight)\s+days\b",
    re.IGNORECASE,
)


def _texts():
    for folder in ("templates",):
        yield from (ROOT / folder).rglob("*.html")
        yield from (ROOT / folder).rglob("*.txt")
    for app in ("accounts", "notifications", "programmes", "matching", "meetings", "evaluation", "privacy"):
        for path in (ROOT / app).rglob("*.py"):
            if "tests" not in path.parts and "migrations" not in path.parts and path.name != "demo.py":
                yield path


def test_no_page_email_or_help_text_states_a_programme_setting_as_a_fixed_number():
    found = []
    for path in _texts():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HARD_CODED.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not found, "Read these from the programme's settings:\n" + "\n".join(found)


def test_the_check_finds_the_wording_it_is_there_to_catch():
    for wording in ("at most they see totals of five or more people", "groups of at least 5 people",
                    "1 to 4 meetings", "a nudge after 28 days without a meeting"):  # fmt: skip
        assert HARD_CODED.search(wording), wording
