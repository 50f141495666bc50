"""Reading an invitation CSV: every bad row is reported with its line number, or nothing is imported."""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

HEADER = ["email", "name", "role", "grade", "directorate"]
MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000


@dataclass(frozen=True)
class InvitationRow:
    email: str
    name: str
    role: str
    grade: object = None
    directorate: object = None


def parse_invitations(
    data: bytes,
    *,
    grades: dict[str, object],
    directorates: dict[str, object],
    already_invited: set[str],
    ineligible=None,
) -> tuple[list[InvitationRow], list[tuple[int, str]]]:
    """Rows and errors; `grades` and `directorates` are keyed by lower-case name.

    `ineligible(role, grade)` says why someone of that grade cannot take that role in the cohort, or None.
    """
    if len(data) > MAX_BYTES:
        return [], [(0, "The file is larger than 1 MB.")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [(0, "The file is not a UTF-8 CSV file. Save it from your spreadsheet as “CSV UTF-8”.")]
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if header != HEADER:
        return [], [(1, f"The first line must be the column names: {','.join(HEADER)}.")]
    rows, errors, seen = [], [], set()
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            return [], [(line, f"The file has more than {MAX_ROWS} people; split it into smaller files.")]
        if len(cells) != len(HEADER):
            errors.append((line, f"Expected {len(HEADER)} columns, found {len(cells)}."))
            continue
        email, name, role, grade, directorate = (cell.strip() for cell in cells)
        email = email.lower()
        problems = []
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"“{email}” is not an email address")
        if role.lower() not in ("mentor", "mentee"):
            problems.append(f"role must be mentor or mentee, not “{role}”")
        if grade and grade.lower() not in grades:
            problems.append(f"“{grade}” is not one of the organisation's grades")
        elif grade and ineligible and role.lower() in ("mentor", "mentee"):
            reason = ineligible(role.lower(), grades[grade.lower()])
            if reason:
                problems.append(reason.rstrip("."))
        if directorate and directorate.lower() not in directorates:
            problems.append(f"“{directorate}” is not one of the organisation's directorates")
        if any(ord(ch) < 32 and ch != "\t" for cell in cells for ch in cell):
            # NUL cannot be stored at all, and other control characters are never part of a name.
            problems.append("the line contains a control character; retype it in your spreadsheet")
        if email in seen:
            problems.append(f"{email} appears more than once in the file")
        elif email in already_invited:
            problems.append(f"{email} is already invited to this cohort")
        seen.add(email)
        if problems:
            message = "; ".join(problems)
            errors.append((line, message[0].upper() + message[1:] + "."))
        else:
            rows.append(
                InvitationRow(
                    email, name, role.lower(), grades.get(grade.lower()), directorates.get(directorate.lower())
                )
            )
    if not rows and not errors:
        errors.append((2, "The file has no people in it."))
    return ([] if errors else rows), errors
