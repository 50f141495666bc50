"""The committee report's wording and its CSV export, built from the dashboard's aggregates only.

Shaped like a committee report on a pilot: purpose, background, participants,
method and response rate, findings by theme, outcomes, options and next steps.
Nothing here reads an answer row: every figure comes from evaluation/selectors.py,
which has already applied the minimum reporting group.
"""

from django.utils.translation import gettext

from accounts.spreadsheets import csv_writer


def purpose(cohort) -> str:
    return (
        f"To report on the {cohort.name} cohort of {cohort.programme.name}: how it ran, what participants said "
        "about it, what changed as a result, and the options for what comes next."
    )


def method(d) -> str:
    f = d.figures
    minimum = d.minimum
    if f.invited:
        response = f"{f.responses} of {f.invited} answered ({f.response_rate}%)"
    else:
        response = gettext("not started: nobody has been invited yet")
    return (
        f"Figures about pairs, meetings and actions come from what pairs logged in Remento. "
        f"Participants were invited to an anonymous questionnaire that recorded only whether they were a mentor "
        f"or a mentee: {response}. "
        f"No result is shown for a group of fewer than {minimum} people, and when one group is hidden the next "
        f"smallest is hidden too, so no answer can be traced to a person. Comments appear only where a programme "
        f"lead approved them as quotes."
    )


def csv_rows(d):
    """Every aggregate table on the dashboard as rows: (table, group, item, count, percent)."""
    f = d.figures
    yield ("table", "group", "item", "count", "percent")
    yield ("Participants", "", "Mentors", f.mentors, "")
    yield ("Participants", "", "Mentees", f.mentees, "")
    yield ("Participants", "", "Withdrew", f.withdrawn, "")
    yield ("Pairs", "", "Pairs", f.pairs, "")
    yield ("Pairs", "", "Met at least once", f.pairs_met, f.pairs_met_pct if f.pairs else "")
    for bar in f.meeting_bands:
        yield ("Meetings per pair", "", bar.label, bar.count, bar.pct)
    yield ("Meetings per pair", "", "Median", f.median_meetings if f.median_meetings is not None else "", "")
    yield ("Meetings", "", "Meetings logged", f.meetings, "")
    yield ("Meetings", "", "Hours", f.hours, "")
    yield ("Actions", "", "Agreed", f.actions, "")
    yield ("Actions", "", "Closed with an outcome", f.actions_closed, f.actions_closed_pct if f.actions else "")
    yield ("Outcomes register", "", "Outcomes recorded", len(d.outcomes), "")
    for survey in d.surveys:
        yield (f"Survey: {survey.survey.title}", "", "Invited", survey.invited, "")
        rate = survey.response_rate if survey.invited else ""
        yield (f"Survey: {survey.survey.title}", "", "Responses", survey.responses, rate)
        for group in survey.responses_by_role:
            yield (f"Survey: {survey.survey.title}", group.label, "Responses", *_count(group))
        if not survey.results_available:
            continue
        for result in survey.all_questions():
            if result.question.kind == "text":
                continue
            for group in [result.overall, *result.by_role]:
                if not group.shown:
                    yield (result.question.text, group.label, group.visibility.reason, "", "")
                    continue
                for bar in group.bars:
                    yield (result.question.text, group.label, bar.label, bar.count, bar.pct)
                if group.agree_pct is not None:
                    yield (result.question.text, group.label, "Agree (or yes)", "", group.agree_pct)
    for row in d.baseline_vs_end:
        for label, group in (("Baseline", row["before"]), ("End", row["after"])):
            yield ("Baseline and end", label, row["question"].text, "", group.agree_pct if group.shown else "hidden")
    for title, groups in (("Staff networks", d.networks), ("Characteristics shared", d.characteristics)):
        for group in groups:
            yield (title, "", group.label, *_count(group))
    for figures in d.comparison:
        yield ("Cohort comparison", figures.cohort.name, "Pairs", figures.pairs, "")
        name, met_pct = figures.cohort.name, figures.pairs_met_pct if figures.pairs else ""
        yield ("Cohort comparison", name, "Met at least once", figures.pairs_met, met_pct)
        rate = figures.response_rate if figures.invited else ""
        yield ("Cohort comparison", name, "Responses", figures.responses, rate)


def _count(group):
    return (group.n, "") if group.shown else ("hidden", "")


def write_csv(d, stream) -> None:
    csv_writer(stream).writerows(csv_rows(d))
