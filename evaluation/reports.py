"""The committee report's wording, its sections and its CSV export, built from the dashboard's aggregates only.

Shaped like a committee report on a pilot: purpose, background, participants,
method and response rate, findings by theme, testimonials, outcomes, equality
monitoring, the cohorts side by side, options and next steps. The web page, the
PDF (evaluation/pdf.py) and the CSV carry the same numbered sections, from
SECTIONS below (a test compares them). Nothing here reads an answer row: every
figure comes from evaluation/selectors.py, which has already applied the
minimum reporting group.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.spreadsheets import csv_writer

# The report's sections in order: (key, title). Numbered in the report, PDF and CSV; unnumbered on the dashboard.
SECTIONS = [
    ("purpose", gettext_lazy("Purpose")),
    ("background", gettext_lazy("Background")),
    ("participants", gettext_lazy("Participants")),
    ("method", gettext_lazy("Method and response rate")),
    ("findings", gettext_lazy("Findings by theme")),
    ("testimonials", gettext_lazy("Testimonials")),
    ("outcomes", gettext_lazy("Outcomes")),
    ("equality", gettext_lazy("Equality monitoring")),
    ("comparison", gettext_lazy("Cohorts side by side")),
    ("next_steps", gettext_lazy("Options and next steps")),
]


def headings(*, numbered: bool) -> dict[str, str]:
    """Each section's heading by key: "7. Outcomes" in the report, "Outcomes" on the dashboard."""
    return {key: f"{number}. {title}" if numbered else str(title) for number, (key, title) in enumerate(SECTIONS, 1)}


# Sub-headings inside the sections that every format carries too.
AT_A_GLANCE = gettext_lazy("What participants said, at a glance")
BEFORE_AND_AFTER = gettext_lazy("Before and after")
ACTIVITIES = gettext_lazy("What pairs did together")
MEETING_BANDS = gettext_lazy("Pairs by number of meetings logged")
NO_TESTIMONIALS = gettext_lazy("No testimonials have been approved for this cohort.")
ONE_COHORT = gettext_lazy("This is the programme's only cohort so far: there is nothing to set it beside.")


def purpose(cohort) -> str:
    return _(
        "To report on the %(cohort)s cohort of %(programme)s: how it ran, what participants said about it, what "
        "changed as a result, and the options for what comes next."
    ) % {"cohort": cohort.name, "programme": cohort.programme.name}


def method(d) -> str:
    f = d.figures
    if f.invited:
        answered = _("%(responses)s of %(invited)s answered (%(rate)s%%)") % {
            "responses": f.responses,
            "invited": f.invited,
            "rate": f.response_rate,
        }
    else:
        answered = _("not started: nobody has been invited yet")
    return _(
        "Figures about pairs, meetings and actions come from what pairs logged in Remento. Participants were "
        "invited to an anonymous questionnaire that recorded only whether they were a mentor or a mentee: "
        "%(answered)s. No result is shown for a group of fewer than "
        "%(minimum)s people, and when one group is hidden the next smallest is hidden too, so no answer can be "
        "traced to a person. Comments appear only where a programme lead approved them as quotes. Testimonials "
        "are different: each was offered under its author's name, with their consent, and approved by a lead."
    ) % {"answered": answered, "minimum": d.minimum}


def participants_summary(d) -> str:
    f = d.figures
    text = _("%(mentors)s mentors and %(mentees)s mentees took part in %(pairs)s pairs") % {
        "mentors": f.mentors,
        "mentees": f.mentees,
        "pairs": f.pairs,
    }
    if f.withdrawn:
        text += _("; %(n)s withdrew") % {"n": f.withdrawn}
    if not f.pairs:
        return text + _(": not started.")
    text += ". " + _(
        "%(met)s pairs (%(pct)s%%) met at least once; together they logged %(meetings)s meetings and %(hours)s hours"
    ) % {"met": f.pairs_met, "pct": f.pairs_met_pct, "meetings": f.meetings, "hours": f.hours}
    if f.median_meetings is not None:
        text += ", " + _("a median of %(median)s meetings per pair") % {"median": f"{f.median_meetings:g}"}
    text += ". " + _("The programme suggests %(n)s meetings.") % {"n": d.cohort.programme.suggested_meetings}
    return text


def comments_line(result) -> str:
    """What a free-text question's results say when there are no quotes to show: why hidden, or how many answered."""
    if not result.overall.shown:
        return result.overall.visibility.reason
    if result.quotes:
        return ""
    return _("%(n)s people answered; no comments have been approved as quotes yet.") % {"n": result.overall.n}


def equality_intro(d) -> str:
    return _(
        "Counts of the %(total)s people taking part. Characteristics come only from people who consented to share "
        "them. A person may be in several groups or in none. Groups of fewer than %(minimum)s people are hidden, so "
        "nobody can be singled out."
    ) % {"total": d.equality_total, "minimum": d.minimum}


def testimonial_credit(testimonial) -> str:
    return f"{testimonial.shown_name}, {testimonial.job_title}"


def comparison_figures(d) -> list[tuple[str, list[str]]]:
    """The comparison's rows as (figure, [cell per cohort]), as the dashboard's table shows them."""
    cells = d.comparison_cells
    rows = [
        (_("Mentors / mentees"), cells["people"]),
        (_("Pairs"), cells["pairs"]),
        (_("Pairs that met at least once"), cells["pairs_met"]),
        (_("Hours of meetings"), cells["hours"]),
        (_("Actions closed with an outcome"), cells["actions_closed"]),
        (_("Survey response rate"), cells["responses"]),
    ]
    rows += [
        (_("%(question)s (%% agree or yes)") % {"question": row["text"]}, row["cells"]) for row in d.comparison_rows
    ]
    return rows


def csv_rows(d):
    """Every section of the report as rows: (section, table, group, item, count, percent).

    Tables of figures, the report's own sentences, approved testimonials with their authors' names, and for
    each comment question how many answered; never a comment itself (the quotes are in the report and PDF).
    """
    h = headings(numbered=True)
    f, cohort, programme = d.figures, d.cohort, d.cohort.programme
    yield ("section", "table", "group", "item", "count", "percent")

    yield (h["purpose"], _("Purpose"), "", purpose(cohort), "", "")
    yield (h["background"], _("Description"), "", programme.description or _("No description recorded."), "", "")
    if programme.expected_outcomes:
        yield (h["background"], _("Expected outcomes"), "", programme.expected_outcomes, "", "")

    s = h["participants"]
    yield (s, "Participants", "", "Mentors", f.mentors, "")
    yield (s, "Participants", "", "Mentees", f.mentees, "")
    yield (s, "Participants", "", "Withdrew", f.withdrawn, "")
    yield (s, "Pairs", "", "Pairs", f.pairs, "")
    yield (s, "Pairs", "", "Met at least once", f.pairs_met, f.pairs_met_pct if f.pairs else "")
    for bar in f.meeting_bands:
        yield (s, str(MEETING_BANDS), "", bar.label, bar.count, bar.pct)
    yield (s, str(MEETING_BANDS), "", "Median", f.median_meetings if f.median_meetings is not None else "", "")
    yield (s, "Meetings", "", "Meetings logged", f.meetings, "")
    yield (s, "Meetings", "", "Hours", f.hours, "")
    yield (s, "Meetings", "", "Suggested per pair", programme.suggested_meetings, "")
    for activity in d.activities:
        yield (s, str(ACTIVITIES), activity.label, "Meetings", activity.meetings, "")
        yield (s, str(ACTIVITIES), activity.label, "Pairs", activity.pairs, "")
        yield (s, str(ACTIVITIES), activity.label, "Hours", activity.hours, "")

    s = h["method"]
    yield (s, _("Method"), "", method(d), "", "")
    for survey in d.surveys:
        table = f"Survey: {survey.survey.title}"
        yield (s, table, "", "Invited", survey.invited, "")
        yield (s, table, "", "Responses", survey.responses, survey.response_rate if survey.invited else "")
        for group in survey.responses_by_role:
            yield (s, table, group.label, "Responses", *_count(group))

    s = h["findings"]
    for row in d.headlines:
        yield (s, str(AT_A_GLANCE), "Everyone", row["question"].text, row["n"], row["pct"])
    for survey in d.surveys:
        if not survey.results_available:
            yield (s, survey.survey.title, "", _("The results appear when the survey closes."), "", "")
            continue
        for result in survey.all_questions():
            if result.question.kind == "text":
                yield (s, result.question.text, "Everyone", "Comments", *_count(result.overall))
                if result.overall.shown:
                    yield (s, result.question.text, "Everyone", "Approved as quotes", len(result.quotes), "")
                continue
            for group in [result.overall, *result.by_role]:
                if not group.shown:
                    yield (s, result.question.text, group.label, group.visibility.reason, "", "")
                    continue
                for bar in group.bars:
                    yield (s, result.question.text, group.label, bar.label, bar.count, bar.pct)
                if group.agree_pct is not None:
                    yield (s, result.question.text, group.label, "Agree (or yes)", "", group.agree_pct)
    for row in d.baseline_vs_end:
        for label, group in (("Baseline", row["before"]), ("End", row["after"])):
            value = group.agree_pct if group.shown else "hidden"
            yield (s, str(BEFORE_AND_AFTER), label, row["question"].text, "", value)

    s = h["testimonials"]
    for testimonial in d.testimonials:
        yield (s, _("Testimonials"), testimonial_credit(testimonial), testimonial.text, "", "")
    if not d.testimonials:
        yield (s, _("Testimonials"), "", str(NO_TESTIMONIALS), "", "")

    s = h["outcomes"]
    yield (s, "Actions", "", "Agreed", f.actions, "")
    yield (s, "Actions", "", "Closed with an outcome", f.actions_closed, f.actions_closed_pct if f.actions else "")
    yield (s, "Outcomes register", "", "Outcomes recorded", len(d.outcomes), "")
    for outcome in d.outcomes:
        title = f"{outcome.title}. {outcome.description}" if outcome.description else outcome.title
        yield (s, "Outcomes register", outcome.get_category_display(), title, outcome.achieved_on.isoformat(), "")

    s = h["equality"]
    yield (s, "People taking part", "", "People", d.equality_total, "")
    for title, groups in (("Staff networks", d.networks), ("Characteristics shared", d.characteristics)):
        for group in groups:
            yield (s, title, "", group.label, *_count(group))

    s = h["comparison"]
    if len(d.comparison) < 2:
        yield (s, "Cohort comparison", "", str(ONE_COHORT), "", "")
    else:
        for figure, cells in comparison_figures(d):
            for compared, cell in zip(d.comparison, cells, strict=True):
                yield (s, "Cohort comparison", compared.cohort.name, figure, cell, "")

    s = h["next_steps"]
    for option in d.options:
        yield (s, "Options considered", "chosen" if option["chosen"] else "", option["label"], option["note"], "")
    if cohort.next_steps:
        yield (s, "Decision", cohort.get_next_steps_display(), cohort.next_steps_notes, "", "")
    else:
        yield (s, "Decision", "", _("No decision recorded yet."), "", "")


def _count(group):
    return (group.n, "") if group.shown else ("hidden", "")


def write_csv(d, stream) -> None:
    csv_writer(stream).writerows(csv_rows(d))
