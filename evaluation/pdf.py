"""PDF files: the committee report and certificates, drawn with fpdf2 (pure Python, wheels only).

The report is built from the same suppressed aggregates as the dashboard; it
never reads an answer row. Text is set in DejaVu Sans, vendored in
evaluation/fonts/ (REMENTO_PDF_FONT_DIR points elsewhere), so any name prints as
written; if the font files are missing, in fpdf2's built-in Helvetica, which
covers Latin-1 only, so text is folded to it (accents dropped where needed).
"""

import logging
import os
import unicodedata
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from evaluation import reports

BLUE = (29, 79, 145)
GREY = (80, 86, 93)
LIGHT = (220, 226, 235)
# fpdf2 subsets the font with fontTools, which logs every step at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FOLD = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "-"})
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


def _font_dir() -> Path | None:
    folder = Path(os.environ.get("REMENTO_PDF_FONT_DIR", Path(__file__).with_name("fonts")))
    return folder if all((folder / name).is_file() for name in FONT_FILES.values()) else None


def _latin1(text: str) -> str:
    """Latin-1 characters as they are; others without their accent if that makes them Latin-1; else "?"."""

    def fold(c):
        if ord(c) < 256:
            return c
        base = "".join(b for b in unicodedata.normalize("NFKD", c) if not unicodedata.combining(b))
        return base if base and all(ord(b) < 256 for b in base) else "?"

    return "".join(fold(c) for c in text.translate(FOLD))


class _Document(FPDF):
    footer_text = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        folder = _font_dir()
        self.family, self.unicode = ("Helvetica", False)
        if folder:
            for style, name in FONT_FILES.items():
                self.add_font("DejaVu", style, str(folder / name))
            self.family, self.unicode = ("DejaVu", True)

    def t(self, text) -> str:
        return str(text) if self.unicode else _latin1(str(text))

    def footer(self):
        if not self.footer_text:
            return
        self.set_y(-14)
        self.set_font(self.family, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 8, self.t(f"{self.footer_text}   Page {self.page_no()}"), align="C")

    def heading(self, text, size=14):
        # A heading too near the foot of a page starts the next one, so it is never parted from what follows.
        if self.get_y() > 250:
            self.add_page()
        self.ln(3)
        self.set_font(self.family, "B", size)
        self.set_text_color(*BLUE)
        self.multi_cell(0, 7, self.t(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_font(self.family, "", 10)

    def para(self, text, style=""):
        self.set_font(self.family, style, 10)
        self.multi_cell(0, 5.5, self.t(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def bars(self, bars, suffix="%"):
        """A horizontal bar chart with its numbers beside each bar."""
        label_w, bar_w = 62, 80
        for bar in bars:
            if self.get_y() > 270:
                self.add_page()
            y = self.get_y()
            self.set_font(self.family, "", 9)
            self.cell(label_w, 6, self.t(bar.label))
            self.set_fill_color(*LIGHT)
            self.rect(self.l_margin + label_w, y + 1, bar_w, 4, style="F")
            if bar.pct:
                self.set_fill_color(*BLUE)
                self.rect(self.l_margin + label_w, y + 1, bar_w * bar.pct / 100, 4, style="F")
            self.set_x(self.l_margin + label_w + bar_w + 3)
            self.cell(0, 6, self.t(f"{bar.count} ({bar.pct}{suffix})"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def data_table(self, header, rows, widths):
        """A table with a bold header row repeated on each page, the first column's text wrapping and the numbers
        to the right."""
        self.set_font(self.family, "", 9)
        self.set_fill_color(255, 255, 255)  # the bars leave theirs set
        align = ["LEFT"] + ["RIGHT"] * (len(header) - 1)
        with self.table(
            headings_style=FontFace(emphasis="BOLD", fill_color=LIGHT),
            col_widths=widths,
            width=sum(widths),
            align="LEFT",
            text_align=align,
            borders_layout="HORIZONTAL_LINES",
            line_height=5,
            padding=1,
        ) as table:
            for values in [header, *rows]:
                row = table.row()
                for value in values:
                    row.cell(self.t(value))
        self.ln(2)
        self.set_font(self.family, "", 10)


def committee_report(d) -> bytes:
    """The committee report as a PDF: the same numbered sections as the web page and the CSV (reports.SECTIONS)."""
    cohort, programme, f = d.cohort, d.cohort.programme, d.figures
    h = reports.headings(numbered=True)
    doc = _Document()
    doc.footer_text = _("%(programme)s: %(cohort)s. Anonymous aggregates and consented testimonials only.") % {
        "programme": programme.name,
        "cohort": cohort.name,
    }
    doc.set_auto_page_break(True, margin=18)
    doc.add_page()
    doc.set_font(doc.family, "B", 18)
    doc.set_text_color(*BLUE)
    doc.multi_cell(0, 9, doc.t(f"{programme.name}: {cohort.name}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_font(doc.family, "", 11)
    doc.set_text_color(*GREY)
    doc.multi_cell(0, 6, doc.t(_("Evaluation report to the steering group, %(organisation)s")
                               % {"organisation": programme.organisation.name}),
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    doc.set_text_color(0, 0, 0)

    doc.heading(h["purpose"])
    doc.para(reports.purpose(cohort))
    doc.heading(h["background"])
    doc.para(programme.description or _("No description recorded."))
    if programme.expected_outcomes:
        doc.para(_("Expected outcomes: %(outcomes)s") % {"outcomes": programme.expected_outcomes})

    doc.heading(h["participants"])
    doc.para(reports.participants_summary(d))
    if f.pairs:
        doc.heading(str(reports.MEETING_BANDS), 12)
        doc.bars(f.meeting_bands)
    doc.heading(str(reports.ACTIVITIES), 12)
    doc.data_table(
        [_("Activity"), _("Meetings"), _("Pairs"), _("Hours")],
        [[a.label, a.meetings, a.pairs, a.hours] for a in d.activities],
        widths=[70, 30, 30, 30],
    )

    doc.heading(h["method"])
    doc.para(reports.method(d))
    for survey in d.surveys:
        roles = ", ".join(
            f"{g.label.lower()}: {g.n}" if g.shown else f"{g.label.lower()}: hidden" for g in survey.responses_by_role
        )
        answered = (
            f"{survey.responses} of {survey.invited} answered ({survey.response_rate}%); {roles}"
            if survey.invited
            else _("not started: nobody invited yet")
        )
        doc.para(f"{survey.survey.title}: {answered}.")

    doc.heading(h["findings"])
    if d.headlines:
        doc.heading(str(reports.AT_A_GLANCE), 12)
        for row in d.headlines:
            doc.para(f"{row['question'].text}: {row['pct']}% {row['word']} ({row['n']} answered).")
    for survey in d.surveys:
        if not survey.results_available:
            doc.para(_("%(title)s: results appear when the survey closes.") % {"title": survey.survey.title}, "I")
            continue
        doc.heading(survey.survey.title, 12)
        for theme, results in survey.themes:
            doc.heading(theme, 11)
            for result in results:
                doc.para(result.question.text, "B")
                if result.question.kind == "text":
                    line = reports.comments_line(result)
                    if line:
                        doc.para(line, "I")
                    for quote in result.quotes:
                        doc.para(f"“{quote}”", "I")
                    continue
                if not result.overall.shown:
                    doc.para(result.overall.visibility.reason, "I")
                    continue
                summary = f"{result.overall.n} answered."
                if result.overall.agree_pct is not None:
                    word = "agreed" if result.question.kind == "likert" else "said yes"
                    summary += f" {result.overall.agree_pct}% {word}."
                if result.overall.median is not None:
                    summary += f" Median {result.overall.median:g}."
                for group in result.by_role:
                    if group.shown and group.agree_pct is not None:
                        summary += f" {group.label}: {group.agree_pct}%."
                doc.para(summary)
                doc.bars(result.overall.bars)
                hidden = next((g for g in result.by_role if not g.shown), None)
                if hidden:
                    doc.para(
                        _("Mentors and mentees separately: %(reason)s") % {"reason": hidden.visibility.reason}, "I"
                    )
    if not d.surveys:
        doc.para(_("No survey has been sent to this cohort yet."))
    if d.baseline_vs_end:
        doc.heading(str(reports.BEFORE_AND_AFTER), 12)
        for row in d.baseline_vs_end:
            before = f"{row['before'].agree_pct}%" if row["before"].shown else "hidden"
            after = f"{row['after'].agree_pct}%" if row["after"].shown else "hidden"
            doc.para(f"{row['question'].text}: agreed {before} at the start, {after} at the end.")

    doc.heading(h["testimonials"])
    for testimonial in d.testimonials:
        doc.para(f"“{testimonial.text}”", "I")
        doc.para(f"– {reports.testimonial_credit(testimonial)}")
    if not d.testimonials:
        doc.para(str(reports.NO_TESTIMONIALS))

    doc.heading(h["outcomes"])
    doc.para(
        f"Pairs agreed {f.actions} actions; {f.actions_closed} ({f.actions_closed_pct}%) were closed with an "
        "outcome reported back."
        if f.actions
        else _("No actions agreed yet: not started.")
    )
    for outcome in d.outcomes:
        doc.para(f"- {outcome.title} ({outcome.get_category_display()}, {outcome.achieved_on:%d %B %Y}). "
                 f"{outcome.description}")  # fmt: skip
    if not d.outcomes:
        doc.para(_("No outcomes recorded in the register yet."))

    doc.heading(h["equality"])
    doc.para(reports.equality_intro(d))
    for title, groups in d.equality_tables:
        doc.heading(str(title), 12)
        doc.data_table(
            [_("Group"), _("People")],
            [[g.label, g.n if g.shown else _("hidden")] for g in groups] or [[_("Nothing to show."), ""]],
            widths=[120, 40],
        )

    doc.heading(h["comparison"])
    if len(d.comparison) < 2:
        doc.para(str(reports.ONE_COHORT))
    else:
        names = [c.cohort.name + (" *" if c.cohort.pk == cohort.pk else "") for c in d.comparison]
        figures = reports.comparison_figures(d)
        # Four cohorts to a table, so each column stays wide enough to read.
        for start in range(0, len(names), 4):
            columns = names[start : start + 4]
            doc.data_table(
                [_("Figure"), *columns],
                [[figure, *cells[start : start + 4]] for figure, cells in figures],
                widths=[70] + [30] * len(columns),
            )
        doc.para(_("* this cohort. “–” means no figure: no pairs or survey yet, or a group too small to show."), "I")

    doc.heading(h["next_steps"])
    options = d.options
    for option in options:
        mark = " (chosen)" if option["chosen"] else ""
        doc.para(f"- {option['label']}{mark}: {option['note']}")
    if cohort.next_steps:
        doc.para(f"Decision: {cohort.get_next_steps_display()}. {cohort.next_steps_notes}")
    else:
        doc.para(_("No decision recorded yet."))
    return bytes(doc.output())


def certificate(cert) -> bytes:
    participant = cert.participant
    programme = participant.cohort.programme
    doc = _Document(orientation="L")
    doc.set_auto_page_break(False)
    doc.add_page()
    doc.set_draw_color(*BLUE)
    doc.set_line_width(2)
    doc.rect(10, 10, 277, 190)
    doc.set_y(35)
    doc.set_text_color(*GREY)
    doc.set_font(doc.family, "", 16)
    doc.cell(0, 10, doc.t(programme.organisation.name), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_text_color(*BLUE)
    doc.set_font(doc.family, "B", 32)
    doc.cell(0, 22, "Certificate of completion", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_text_color(0, 0, 0)
    doc.set_font(doc.family, "", 14)
    doc.cell(0, 12, "This is to certify that", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_font(doc.family, "B", 26)
    doc.cell(0, 18, doc.t(participant.user.get_full_name() or participant.user), align="C",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    doc.set_font(doc.family, "", 14)
    doc.multi_cell(
        0, 9,
        doc.t(f"took part as a {participant.get_role_display().lower()} in {programme.name}, "
           f"{participant.cohort.name}."),
        align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT,
    )  # fmt: skip
    doc.ln(10)
    doc.set_text_color(*GREY)
    doc.cell(0, 10, doc.t(f"Awarded on {cert.issued_on:%d %B %Y}"), align="C")
    return bytes(doc.output())
