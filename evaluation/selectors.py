"""Aggregate reads for the results pages: dashboards, the committee report, its CSV and PDF.

Every number comes from a database aggregate (COUNT, SUM, GROUP BY), fetched
for the whole programme at once so the same queries also feed the cohort
comparison. The number of queries is fixed: it does not grow with pairs,
meetings, responses or cohorts. The suppression rule (evaluation/suppression.py)
decides what may be shown; this module never returns a free-text answer that a
lead has not approved, nor a group smaller than the programme's minimum.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import Count, Q
from django.utils.translation import gettext

from evaluation.defaults import LIKERT_LABELS, YES_NO_UNDECIDED
from evaluation.models import Answer, Question, Response, Survey
from evaluation.selectors_results import activity_totals, approved_testimonials, meeting_bands
from evaluation.suppression import ABSOLUTE_MINIMUM, Visibility, has_small_cell, suppress
from matching.models import Pairing
from meetings.models import Action, Outcome
from programmes.models import Cohort, Participant

YES_NO_LABELS = dict(YES_NO_UNDECIDED)
ROLES = [("mentor", "Mentors"), ("mentee", "Mentees")]
SCORED_KINDS = [Question.Kind.LIKERT, Question.Kind.YES_NO, Question.Kind.SINGLE, Question.Kind.NUMBER]
# Questions read as "how many agree (or said yes)": the headlines, before and after, and the comparison.
AGREE_KINDS = (Question.Kind.LIKERT, Question.Kind.YES_NO)


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def width_step(pct: int) -> int:
    """Bar widths come in steps of 5% as CSS classes (the CSP forbids inline styles)."""
    return min(100, max(0, 5 * round(pct / 5)))


def minimum_for(programme) -> int:
    return max(programme.min_reporting_group, ABSOLUTE_MINIMUM)


def comments_minimum_for(survey, programme) -> int:
    """Free text may have a higher bar than scores, never a lower one."""
    return max(survey.comments_min_group or 0, minimum_for(programme))


def comments_visibility(answered: int, survey, programme) -> Visibility:
    """Whether a question's free-text answers may be read at all: enough people answered it."""
    return suppress(answered, {}, comments_minimum_for(survey, programme))[0]


@dataclass
class Bar:
    label: str
    count: int
    pct: int

    @property
    def width(self) -> int:
        return width_step(self.pct)


@dataclass
class Group:
    """One group's answers to one question (everyone, mentors, or mentees)."""

    label: str
    n: int
    visibility: Visibility
    bars: list = field(default_factory=list)
    agree_pct: int | None = None
    median: float | None = None

    @property
    def shown(self) -> bool:
        return self.visibility.shown


@dataclass
class QuestionResult:
    question: Question
    overall: Group
    by_role: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    quotes_visibility: Visibility | None = None

    @property
    def any_role_shown(self) -> bool:
        return any(group.shown for group in self.by_role)

    @property
    def rows(self) -> list:
        """Each answer with everyone's bar and, for each role shown, that role's bar (or None)."""
        return [
            {"bar": bar, "roles": [g.bars[i] if g.shown and i < len(g.bars) else None for g in self.by_role]}
            for i, bar in enumerate(self.overall.bars)
        ]


@dataclass
class SurveyResult:
    survey: Survey
    invited: int
    responses: int
    responses_by_role: list
    results_available: bool
    themes: list = field(default_factory=list)  # [(theme label, [QuestionResult])]

    @property
    def response_rate(self) -> int:
        return percent(self.responses, self.invited)

    def all_questions(self):
        for _, results in self.themes:
            yield from results


@dataclass(frozen=True)
class ComparedCohort:
    """A cohort as the figures name it: the comparison shows each cohort by name and marks the current one."""

    pk: int
    name: str


@dataclass
class CohortFigures:
    """The headline figures of one cohort, also used side by side in the comparison."""

    cohort: ComparedCohort
    mentors: int = 0
    mentees: int = 0
    withdrawn: int = 0
    pairs: int = 0
    pairs_met: int = 0
    meetings: int = 0
    minutes: int = 0
    meeting_bands: list = field(default_factory=list)  # the current cohort's only
    median_meetings: float | None = None  # the current cohort's only
    actions: int = 0
    actions_closed: int = 0
    outcomes: int = 0
    invited: int = 0
    responses: int = 0
    agree_by_code: dict = field(default_factory=dict)

    @property
    def participants(self) -> int:
        return self.mentors + self.mentees

    @property
    def pairs_met_pct(self) -> int:
        return percent(self.pairs_met, self.pairs)

    @property
    def hours(self) -> int:
        return round(self.minutes / 60)

    @property
    def actions_closed_pct(self) -> int:
        return percent(self.actions_closed, self.actions)

    @property
    def response_rate(self) -> int:
        return percent(self.responses, self.invited)


@dataclass
class Dashboard:
    cohort: Cohort
    minimum: int
    figures: CohortFigures
    comparison: list
    comparison_questions: list  # [(code, text)] compared across cohorts by question code
    outcomes: list
    surveys: list
    baseline_vs_end: list
    networks: list
    characteristics: list
    equality_total: int
    activities: list = field(default_factory=list)  # [ActivityTotal], every kind of activity
    testimonials: list = field(default_factory=list)  # approved named testimonials

    @cached_property
    def headlines(self) -> list:
        """The agree (or yes) share of each scored question that may be shown, for the summary at the top."""
        rows = []
        for survey in self.surveys:
            if survey.survey.kind != Survey.Kind.END:
                continue  # the baseline appears beside the end in "Before and after"
            for result in survey.all_questions():
                kind = result.question.kind
                if kind in AGREE_KINDS and result.overall.shown:
                    pct = result.overall.agree_pct
                    rows.append(
                        {
                            "question": result.question,
                            "n": result.overall.n,
                            "pct": pct,
                            "width": width_step(pct),
                            "word": "agree" if kind == Question.Kind.LIKERT else "said yes",
                        }
                    )
        return rows

    @cached_property
    def options(self):
        return options_considered(self.cohort)

    @property
    def equality_tables(self):
        return [("By staff network", self.networks), ("By characteristic shared, with consent", self.characteristics)]

    @cached_property
    def comparison_rows(self):
        rows = []
        for code, text in self.comparison_questions:
            values = [f.agree_by_code.get(code) for f in self.comparison]
            rows.append({"code": code, "text": text, "values": values, "cells": [_pct_or_none(v) for v in values]})
        return rows

    @cached_property
    def comparison_cells(self) -> dict:
        """Each figure of the comparison as its cells read, one per cohort ("–" where there is no figure).

        Worked out here rather than in the template: with 50 cohorts the template's tests and lookups cell by
        cell took longer than everything else on the page. Only numbers and fixed words: the template does not
        escape them (the cohorts' names it does).
        """
        cohorts = self.comparison
        names = [f.cohort.name for f in cohorts]
        current = next(i for i, f in enumerate(cohorts) if f.cohort.pk == self.cohort.pk)
        return {
            # The header: the cohorts before this one, this one (marked), the cohorts after it.
            "names_before": names[:current],
            "current_name": names[current],
            "names_after": names[current + 1 :],
            "people": [f"{f.mentors} / {f.mentees}" for f in cohorts],
            "pairs": [str(f.pairs) for f in cohorts],
            "pairs_met": [_pct_or_none(f.pairs_met_pct if f.pairs else None) for f in cohorts],
            "hours": [str(f.hours) for f in cohorts],
            "actions_closed": [_pct_or_none(f.actions_closed_pct if f.actions else None) for f in cohorts],
            "responses": [
                f"{f.response_rate}% ({f.responses} of {f.invited})" if f.invited else NO_FIGURE for f in cohorts
            ],
        }


NO_FIGURE = "–"


def _pct_or_none(value) -> str:
    return NO_FIGURE if value is None else f"{value}%"


OPTION_NOTES = {
    Cohort.NextSteps.CONTINUE: "Run another cohort of the programme as it is.",
    Cohort.NextSteps.ROLL_OUT: "Extend the programme to more people, grades or staff networks.",
    Cohort.NextSteps.DISCONTINUE: "End the programme after this cohort.",
    Cohort.NextSteps.OTHER: "Another course of action (see the notes).",
}


def options_considered(cohort) -> list[dict]:
    """The options the steering group weighed, with the one it chose marked."""
    chosen = cohort.next_steps
    values = list(cohort.next_steps_options or [])
    if chosen and chosen not in values:
        values.append(chosen)
    labels = dict(Cohort.NextSteps.choices)
    return [
        {"value": v, "label": labels.get(v, v), "note": OPTION_NOTES.get(v, ""), "chosen": v == chosen}
        for v in values
        if v in labels
    ]


def _median_from_histogram(histogram: dict) -> float | None:
    """The median of values given as {value: how many}, without listing each value."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def nth(k):  # k is 0-based
        seen = 0
        for value, count in ordered:
            seen += count
            if k < seen:
                return value
        return ordered[-1][0]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def _bands(histogram: dict, bands: list) -> list:
    total = sum(histogram.values())
    result = []
    for label, low, high in bands:
        count = sum(c for v, c in histogram.items() if v >= low and (high is None or v <= high))
        result.append(Bar(label, count, percent(count, total)))
    return result


def _number_band_spec(histogram: dict) -> list:
    """Each value on its own when the spread is small; otherwise a few ranges. The same for every group."""
    if not histogram:
        return []
    low, high = min(histogram), max(histogram)
    if high - low <= 8:
        return [(str(v), v, v) for v in range(low, high + 1)]
    return [("0", 0, 0), ("1 to 4", 1, 4), ("5 to 9", 5, 9), ("10 to 19", 10, 19), ("20 or more", 20, None)]


def _choice_options(question, counts) -> list:
    """The question's own options in order, then any other answers given (options renamed since)."""
    return list(question.choices or []) + sorted(set(counts) - set(question.choices or []), key=str)


def _group_result(question, label, counts: dict, visibility: Visibility, n: int, layout=None) -> Group:
    """Bars for one group's answers; nothing but the reason when the group is hidden.

    `layout` (number ranges, or the options of a choice question) is shared by all groups of one question.
    """
    group = Group(label=label, n=n, visibility=visibility)
    if not visibility.shown or not n:
        return group
    kind = question.kind
    if kind == Question.Kind.LIKERT:
        group.bars = [Bar(text, counts.get(v, 0), percent(counts.get(v, 0), n)) for v, text in LIKERT_LABELS.items()]
        group.agree_pct = percent(counts.get(4, 0) + counts.get(5, 0), n)
        group.median = _median_from_histogram({v: c for v, c in counts.items() if v is not None})
    elif kind == Question.Kind.YES_NO:
        group.bars = [Bar(text, counts.get(v, 0), percent(counts.get(v, 0), n)) for v, text in YES_NO_LABELS.items()]
        group.agree_pct = percent(counts.get("yes", 0), n)
    elif kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        options = layout if layout is not None else _choice_options(question, counts)
        group.bars = [Bar(str(option), counts.get(option, 0), percent(counts.get(option, 0), n)) for option in options]
    elif kind == Question.Kind.NUMBER:
        group.bars = _bands(counts, layout if layout is not None else _number_band_spec(counts))
        group.median = _median_from_histogram(counts)
    return group


def _question_result(question, minimum, values_by_role: dict, answered_by_role: dict) -> QuestionResult:
    """`values_by_role[role][value]` counts answers; `answered_by_role[role]` counts people who answered."""
    total = sum(answered_by_role.values())
    overall_visibility, role_visibility = suppress(
        total, {role: answered_by_role.get(role, 0) for role, _ in ROLES}, minimum
    )
    merged = defaultdict(int)
    for counts in values_by_role.values():
        for value, count in counts.items():
            merged[value] += count
    # Every group of a number question uses the same ranges, so the table's columns line up.
    bands = None
    if question.kind == Question.Kind.NUMBER:
        bands = _number_band_spec(merged)
    elif question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        bands = _choice_options(question, merged)
    result = QuestionResult(
        question=question, overall=_group_result(question, "Everyone", merged, overall_visibility, total, bands)
    )
    result.by_role = [
        _group_result(
            question, label, values_by_role.get(role, {}), role_visibility[role], answered_by_role.get(role, 0), bands
        )
        for role, label in ROLES
    ]
    # Answers by role are a cross-tabulation: every cell must hold none or at least the minimum. One role's cells
    # cannot be hidden alone (Everyone's minus the other role's would give them back), so the breakdown goes.
    cells = [
        _role_cells(question, group, values_by_role.get(role, {}))
        for group, (role, _label) in zip(result.by_role, ROLES, strict=True)
        if group.shown
    ]
    if any(has_small_cell(c, minimum) for c in cells):
        reason = gettext(
            "Hidden: fewer than %(minimum)s mentors or mentees gave one of these answers, so it could identify them."
        ) % {"minimum": max(minimum, ABSOLUTE_MINIMUM)}
        result.by_role = [Group(label=g.label, n=g.n, visibility=Visibility(False, reason)) for g in result.by_role]
    return result


def _role_cells(question, group: Group, counts: dict) -> list[int]:
    """The counts a role's breakdown shows or implies: each answer's count, the two sides of its agree (or yes)
    share, and for a several-choice question those who did not tick each choice."""
    cells = [bar.count for bar in group.bars]
    if question.kind == Question.Kind.LIKERT:
        agree = counts.get(4, 0) + counts.get(5, 0)
        cells += [agree, group.n - agree]
    elif question.kind == Question.Kind.YES_NO:
        cells += [counts.get("yes", 0), group.n - counts.get("yes", 0)]
    elif question.kind == Question.Kind.MULTIPLE:
        cells += [group.n - bar.count for bar in group.bars]
    return cells


# Every cohort's headline counts, for the comparison: people taking part and withdrawn, actions and those closed
# with an outcome, outcomes in the register, and the invitations to and responses of its evaluations (not drafts);
# then (MEETINGS_SQL) pairs and how many met, meetings and minutes (a rematched pairing's meetings count, the
# pairing does not), and the current cohort's pairs by how many meetings each logged (a histogram, so the median
# needs no list of pairs). Rows of each kind, as in the menu's statement: (kind, cohort, name, numbers...), a
# cohort's row giving its place in the programme's order. Written out because the ORM cannot group by an aggregate
# (meetings per pair, to know which pairs met), and because these cost less than the ORM queries they replaced:
# building those, and a survey model for every cohort to add up its invitations, took longer than PostgreSQL
# takes to answer these. Unions of separate aggregates plan faster than one row per cohort joining them; and
# PostgreSQL runs these two statements in about 4.5 ms on the load benchmark's 50 cohorts, their union as one
# in 6. test_dashboard.py holds them to the answers of the models' own queries.
FIGURES_SQL = """
SELECT 'cohort', c.id, c.name, ROW_NUMBER() OVER (ORDER BY c.starts_on, c.created_at, c.id), 0, 0, 0
  FROM programmes_cohort c
 WHERE c.programme_id = %(programme)s
UNION ALL
SELECT 'people', p.cohort_id, NULL,
       SUM(CASE WHEN p.status = %(accepted)s AND p.role = %(mentor)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN p.status = %(accepted)s AND p.role <> %(mentor)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN p.status = %(withdrawn)s THEN 1 ELSE 0 END), NULL
  FROM programmes_participant p JOIN programmes_cohort c ON c.id = p.cohort_id
 WHERE c.programme_id = %(programme)s
 GROUP BY p.cohort_id
UNION ALL
SELECT 'actions', p.cohort_id, NULL,
       COUNT(*), SUM(CASE WHEN a.status = %(done)s AND a.outcome <> '' THEN 1 ELSE 0 END), NULL, NULL
  FROM meetings_action a JOIN matching_pairing p ON p.id = a.pairing_id
  JOIN programmes_cohort c ON c.id = p.cohort_id
 WHERE c.programme_id = %(programme)s
 GROUP BY p.cohort_id
UNION ALL
SELECT 'outcomes', cohort_id, NULL, COUNT(*), NULL, NULL, NULL
  FROM meetings_outcome
 WHERE programme_id = %(programme)s AND cohort_id IS NOT NULL
 GROUP BY cohort_id
UNION ALL
SELECT 'invited', s.cohort_id, NULL,
       CAST(SUM((SELECT COUNT(*) FROM evaluation_invitation i WHERE i.survey_id = s.id)) AS BIGINT), NULL, NULL, NULL
  FROM evaluation_survey s JOIN programmes_cohort c ON c.id = s.cohort_id
 WHERE c.programme_id = %(programme)s AND s.kind = %(end)s AND s.status <> %(draft)s
 GROUP BY s.cohort_id
UNION ALL
SELECT 'responses', s.cohort_id, NULL,
       CAST(SUM((SELECT COUNT(*) FROM evaluation_response r WHERE r.survey_id = s.id)
                + (SELECT COUNT(*) FROM evaluation_sealedresponse h WHERE h.survey_id = s.id)) AS BIGINT),
       NULL, NULL, NULL
  FROM evaluation_survey s JOIN programmes_cohort c ON c.id = s.cohort_id
 WHERE c.programme_id = %(programme)s AND s.kind = %(end)s AND s.status <> %(draft)s
 GROUP BY s.cohort_id
"""
MEETINGS_SQL = """
WITH per_pair AS (
    SELECT p.cohort_id, CASE WHEN p.status = %(rematch)s THEN 0 ELSE 1 END AS counted,
           COUNT(m.id) AS meetings, SUM(m.duration_minutes) AS minutes
      FROM matching_pairing p JOIN programmes_cohort c ON c.id = p.cohort_id
      LEFT JOIN meetings_meeting m ON m.pairing_id = p.id
     WHERE c.programme_id = %(programme)s
     GROUP BY p.id)
SELECT 'pairs', cohort_id, NULL,
       SUM(counted), SUM(CASE WHEN meetings > 0 THEN counted ELSE 0 END),
       CAST(SUM(meetings) AS BIGINT), CAST(SUM(minutes) AS BIGINT)
  FROM per_pair
 GROUP BY cohort_id
UNION ALL
SELECT 'meetings per pair', cohort_id, NULL, meetings, COUNT(*), NULL, NULL
  FROM per_pair
 WHERE cohort_id = %(cohort)s AND counted = 1
 GROUP BY cohort_id, meetings
"""
# The CohortFigures each kind of row fills, in order.
FIGURES_COLUMNS = {
    "people": ("mentors", "mentees", "withdrawn"),
    "pairs": ("pairs", "pairs_met", "meetings", "minutes"),
    "actions": ("actions", "actions_closed"),
    "outcomes": ("outcomes",),
    "invited": ("invited",),
    "responses": ("responses",),
}


def _cohort_figures(cohort) -> tuple[list, dict]:
    """Every cohort of the cohort's programme, in order, with its headline counts; and the cohort's pairs by
    number of meetings logged, {meetings: pairs}."""
    params = {
        "programme": cohort.programme_id,
        "cohort": cohort.pk,
        "accepted": Participant.Status.ACCEPTED,
        "withdrawn": Participant.Status.WITHDRAWN,
        "mentor": Participant.Role.MENTOR,
        "rematch": Pairing.Status.REMATCH,
        "done": Action.Status.DONE,
        "end": Survey.Kind.END,
        "draft": Survey.Status.DRAFT,
    }
    rows = []
    with connection.cursor() as cursor:
        for sql in (FIGURES_SQL, MEETINGS_SQL):
            cursor.execute(sql, params)
            rows += cursor.fetchall()
    # Each cohort by its id and name, all the comparison reads of it (a model for each cost more to build). A
    # sum of sums is cast to an integer, which PostgreSQL would give as a decimal (slower to read); a sum of no
    # minutes is None.
    figures, places, histogram = {}, [], {}
    for kind, pk, name, place, *_ in rows:
        if kind == "cohort":
            figures[pk] = CohortFigures(cohort=ComparedCohort(pk, name))
            places.append((place, pk))
    for kind, pk, _, *numbers in rows:
        if kind == "meetings per pair":
            histogram[numbers[0]] = numbers[1]
        elif kind != "cohort" and pk in figures:
            for column, n in zip(FIGURES_COLUMNS[kind], numbers, strict=False):  # the rest of the row is empty
                setattr(figures[pk], column, n or 0)
    return [figures[pk] for _, pk in sorted(places)], histogram


def programme_dashboard(cohort: Cohort) -> Dashboard:
    """Everything on a cohort's dashboard, in a number of queries that does not grow with the data.

    Queries: every cohort of the programme with its headline counts (two statements, the second with this
    cohort's pairs by number of meetings); this cohort's surveys with their invitations and responses by role;
    its outcomes, and its staff networks and disclosed characteristics, each only where the figures counted
    some; its meetings by activity; its approved testimonials; once one of its surveys has closed, the
    questions, scored answers, multiple-choice answers, free-text counts and approved quotes; once its evaluation
    has closed, the other cohorts' closed evaluations too, for the comparison.
    """
    programme = cohort.programme
    minimum = minimum_for(programme)
    comparison, histogram = _cohort_figures(cohort)
    figures = {f.cohort.pk: f for f in comparison}
    current = figures[cohort.pk]
    if histogram:
        current.meeting_bands = _bands(histogram, meeting_bands(programme.suggested_meetings))
        current.median_meetings = _median_from_histogram(histogram)

    outcomes = list(Outcome.objects.filter(programme=programme, cohort=cohort).order_by("-achieved_on", "pk"))
    # The evaluation first, then any baseline (which "Before and after" sets beside it).
    surveys = sorted(
        _survey_results(programme, minimum, cohort, figures), key=lambda s: s.survey.kind != Survey.Kind.END
    )
    networks, characteristics, equality_total = _equality(cohort, minimum, current.participants)

    return Dashboard(
        cohort=cohort,
        minimum=minimum,
        figures=current,
        comparison=comparison,
        comparison_questions=_comparison_questions(surveys),
        outcomes=outcomes,
        surveys=surveys,
        baseline_vs_end=_baseline_vs_end(surveys),
        networks=networks,
        characteristics=characteristics,
        equality_total=equality_total,
        activities=activity_totals(cohort),
        testimonials=approved_testimonials(cohort),
    )


# One cohort's surveys (not drafts) with their invitations and responses, in all and by role. Written out: the
# same four counts as ORM subqueries took 2 ms to build and run, this 0.4 ms. test_dashboard.py checks them.
# Responses still sealed (waiting for a batch of their role, docs/anonymity.md) are counted: they were given.
SURVEYS_SQL = """
SELECT s.*,
       (SELECT COUNT(*) FROM evaluation_invitation i WHERE i.survey_id = s.id) AS n_invited,
       (SELECT COUNT(*) FROM evaluation_response r WHERE r.survey_id = s.id)
       + (SELECT COUNT(*) FROM evaluation_sealedresponse h WHERE h.survey_id = s.id) AS n_responses,
       (SELECT COUNT(*) FROM evaluation_response r WHERE r.survey_id = s.id AND r.role = %(mentor)s)
       + (SELECT COUNT(*) FROM evaluation_sealedresponse h WHERE h.survey_id = s.id AND h.role = %(mentor)s)
       AS n_mentors,
       (SELECT COUNT(*) FROM evaluation_response r WHERE r.survey_id = s.id AND r.role = %(mentee)s)
       + (SELECT COUNT(*) FROM evaluation_sealedresponse h WHERE h.survey_id = s.id AND h.role = %(mentee)s)
       AS n_mentees
  FROM evaluation_survey s
 WHERE s.cohort_id = %(cohort)s AND s.status <> %(draft)s
 ORDER BY s.kind, s.created_at, s.id
"""


def _survey_results(programme, minimum, cohort, figures) -> list:
    """This cohort's surveys in full; into `figures`, the agree shares of the questions the comparison sets beside
    this cohort's (by question code), from every cohort's closed evaluations."""
    surveys = list(
        Survey.objects.raw(
            SURVEYS_SQL,
            {
                "cohort": cohort.pk,
                "draft": Survey.Status.DRAFT,
                "mentor": Response.Role.MENTOR,
                "mentee": Response.Role.MENTEE,
            },
        )
    )

    # Results are read only from closed surveys: every question of this cohort's, and of the other cohorts'
    # evaluations only the agree-questions whose code one of this cohort's closed evaluations asks too (the
    # comparison's rows). A programme with many cohorts would otherwise load every question it ever asked.
    closed = [s for s in surveys if s.status == Survey.Status.CLOSED]
    own = [s.pk for s in closed]
    own_ends = [s.pk for s in closed if s.kind == Survey.Kind.END]
    other_ends = (
        list(
            Survey.objects.filter(cohort__programme=programme, kind=Survey.Kind.END, status=Survey.Status.CLOSED)
            .exclude(cohort=cohort)
            .order_by("cohort_id", "created_at", "pk")
            .values_list("pk", "cohort_id")
        )
        if own_ends
        else []  # nothing to compare with
    )
    wanted = Q(survey__in=own)
    if other_ends:
        compared_codes = Question.objects.filter(survey__in=own_ends, kind__in=AGREE_KINDS).exclude(code="")
        wanted |= Q(
            survey__in=[pk for pk, _ in other_ends], kind__in=AGREE_KINDS, code__in=compared_codes.values("code")
        )
    questions = (
        list(Question.objects.filter(wanted).order_by("survey_id", "section__order", "order", "pk"))
        if own
        else []  # none of this cohort's surveys has closed: nothing to read (and the query would not run)
    )
    values = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))  # question -> role -> value -> count
    answered = defaultdict(lambda: defaultdict(int))  # question -> role -> people who answered
    scored = [q.pk for q in questions if q.kind in SCORED_KINDS]
    multiple = [q.pk for q in questions if q.kind == Question.Kind.MULTIPLE]
    text = [q.pk for q in questions if q.kind == Question.Kind.TEXT]
    # A query for an empty list of questions never reaches the database; skipping it saves building it.
    for question_id, role, number, choice, n in (
        Answer.objects.filter(question__in=scored)
        .filter(Q(number__isnull=False) | ~Q(choice=""))
        .values_list("question_id", "response__role", "number", "choice")
        .annotate(n=Count("id"))
        .order_by()
        if scored
        else ()
    ):
        values[question_id][role][number if number is not None else choice] += n
        answered[question_id][role] += n
    # Grouped by the whole list of choices a person ticked: few distinct lists, split here.
    for question_id, role, choices, n in (
        Answer.objects.filter(question__in=multiple)
        .exclude(choices=[])
        .values_list("question_id", "response__role", "choices")
        .annotate(n=Count("id"))
        .order_by()
        if multiple
        else ()
    ):
        for choice in set(choices or []):
            values[question_id][role][choice] += n
        answered[question_id][role] += n
    approved = defaultdict(list)
    if text:
        for question_id, role, n in (
            Answer.objects.filter(question__in=text)
            .exclude(text="")
            .values_list("question_id", "response__role")
            .annotate(n=Count("id"))
            .order_by()
        ):
            answered[question_id][role] += n
        for question_id, quote in (
            Answer.objects.filter(question__in=text, quote=Answer.Quote.APPROVED)
            .exclude(text="")
            .values_list("question_id", "text")
            .order_by("text")
        ):
            approved[question_id].append(quote)

    # Another cohort's evaluation appears only in the comparison; its questions go by theme, as this cohort's do.
    questions_by_survey = defaultdict(list)
    for question in questions:
        questions_by_survey[question.survey_id].append(question)
    for survey_id, cohort_id in other_ends:
        compared = [q for q in questions_by_survey[survey_id] if q.theme in THEME_ORDER]
        compared.sort(key=lambda q: THEME_ORDER[q.theme])
        _compare(figures[cohort_id], [_question_result(q, minimum, values[q.pk], answered[q.pk]) for q in compared])

    results = []
    for survey in surveys:
        roles = {"mentor": survey.n_mentors, "mentee": survey.n_mentees}
        overall, role_visibility = suppress(survey.n_responses, roles, minimum)
        result = SurveyResult(
            survey=survey,
            invited=survey.n_invited,
            responses=survey.n_responses,
            responses_by_role=[
                Group(label=label, n=roles[role], visibility=role_visibility[role]) for role, label in ROLES
            ],
            # Results appear once a survey closes, so nobody can watch them change answer by answer.
            results_available=survey.status == Survey.Status.CLOSED,
        )
        if result.results_available:
            themes = defaultdict(list)
            for question in questions_by_survey[survey.pk]:
                if question.kind == Question.Kind.TEXT:
                    total = sum(answered[question.pk].values())
                    visibility = comments_visibility(total, survey, programme)
                    qr = QuestionResult(
                        question=question,
                        overall=Group(label="Everyone", n=total, visibility=visibility),
                        quotes_visibility=visibility,
                        quotes=approved.get(question.pk, []) if visibility.shown else [],
                    )
                else:
                    qr = _question_result(question, minimum, values[question.pk], answered[question.pk])
                themes[question.theme].append(qr)
            result.themes = [(label, themes[value]) for value, label in Question.Theme.choices if value in themes]
            if survey.kind == Survey.Kind.END:
                _compare(figures[cohort.pk], result.all_questions())
        results.append(result)
    return results


THEME_ORDER = {value: i for i, (value, _) in enumerate(Question.Theme.choices)}


def _compare(figures, question_results) -> None:
    """A closed evaluation's agree shares by question code, for the comparison (hidden groups as None)."""
    for qr in question_results:
        if qr.question.code and qr.question.kind in AGREE_KINDS:
            figures.agree_by_code[qr.question.code] = qr.overall.agree_pct if qr.overall.shown else None


def _baseline_vs_end(surveys) -> list:
    """One cohort's questions asked at the start and at the end (the same code), as two aggregates side by side."""
    shown = [s for s in surveys if s.results_available]
    baseline = {
        qr.question.code: qr
        for s in shown
        if s.survey.kind == Survey.Kind.BASELINE
        for qr in s.all_questions()
        if qr.question.code
    }
    rows = []
    for s in shown:
        if s.survey.kind != Survey.Kind.END:
            continue
        for qr in s.all_questions():
            before = baseline.get(qr.question.code) if qr.question.code else None
            if before and qr.question.kind in AGREE_KINDS:
                rows.append({"question": qr.question, "before": before.overall, "after": qr.overall})
    return rows


def _comparison_questions(surveys) -> list:
    """The current cohort's coded agree-questions, [(code, text)], that the comparison sets beside other cohorts'."""
    codes = []
    for s in surveys:
        if not s.results_available or s.survey.kind != Survey.Kind.END:
            continue
        for qr in s.all_questions():
            row = (qr.question.code, qr.question.text)
            if qr.question.code and qr.question.kind in AGREE_KINDS and row not in codes:
                codes.append(row)
    return codes


# A cohort's accepted participants by staff network, and by characteristic shared with consent. One plain
# statement: the two ORM queries over the many-to-many tables took 1.5 ms to build and run, this 0.5 ms.
# test_dashboard.py checks its counts.
EQUALITY_SQL = """
SELECT 'network', n.name, COUNT(DISTINCT pn.participant_id)
  FROM programmes_participant_networks pn
  JOIN programmes_staffnetwork n ON n.id = pn.staffnetwork_id
  JOIN programmes_participant p ON p.id = pn.participant_id
 WHERE p.cohort_id = %(cohort)s AND p.status = %(accepted)s
 GROUP BY n.name
UNION ALL
SELECT 'topic', t.name, COUNT(DISTINCT pt.participant_id)
  FROM programmes_participant_shared_topics pt
  JOIN programmes_topic t ON t.id = pt.topic_id
  JOIN programmes_participant p ON p.id = pt.participant_id
 WHERE p.cohort_id = %(cohort)s AND p.status = %(accepted)s AND p.consent_given_at IS NOT NULL
 GROUP BY t.name
"""


def _equality(cohort, minimum, total: int):
    """Participation by staff network and by consented disclosure, as counts under the same suppression.

    `total` is the cohort's accepted participants, already counted for the headline figures.
    """
    counts = {"network": {}, "topic": {}}
    with connection.cursor() as cursor:
        cursor.execute(EQUALITY_SQL, {"cohort": cohort.pk, "accepted": Participant.Status.ACCEPTED})
        for kind, name, n in cursor.fetchall():
            counts[kind][name] = n
    networks = _suppressed_counts(total, counts["network"], minimum)
    return networks, _suppressed_counts(total, counts["topic"], minimum), total


def _suppressed_counts(total, counts: dict, minimum) -> list:
    """Each group under the same minimum as every other figure.

    People may belong to several networks (or share several characteristics) or to none, and the number in
    none is never shown, so a hidden group cannot be worked out by subtracting the shown ones from the total:
    the minimum alone protects it. Below the minimum in all, nothing is shown.
    """
    overall, _ = suppress(total, {}, minimum)
    result = []
    for name in sorted(counts):
        visibility, _ = suppress(counts[name], {}, minimum) if overall.shown else (overall, None)
        result.append(Group(label=name, n=counts[name] if visibility.shown else 0, visibility=visibility))
    return result


def quotes_for_moderation(cohort) -> list:
    """Free-text answers a lead may approve as quotes: only once their survey has closed, and only for questions
    whose group meets the bar.

    While a survey is open a lead who reloaded this page could watch each comment (or the count of them) arrive
    just after someone said they had answered, so neither is shown until it closes, as with the dashboard.
    Returns [(theme label, [{question, still_open, ready, bar, answers, approved, rejected}])]. No role, time
    or any other detail of the respondent is given: the answer's text and its random id only.
    """
    programme = cohort.programme
    questions = list(
        Question.objects.filter(survey__cohort=cohort, kind=Question.Kind.TEXT)
        .exclude(survey__status=Survey.Status.DRAFT)
        .select_related("survey")
        .annotate(answered=Count("answers", filter=~Q(answers__text="")))
        .order_by("survey__created_at", "order", "pk")
    )
    ready = [
        q
        for q in questions
        if q.survey.status == Survey.Status.CLOSED and comments_visibility(q.answered, q.survey, programme).shown
    ]
    answers = defaultdict(list)
    for answer in Answer.objects.filter(question__in=ready).exclude(text="").only("id", "question_id", "text", "quote"):
        answers[answer.question_id].append(answer)
    for items in answers.values():
        items.sort(key=lambda a: str(a.id))  # random ids: no order of submission
    themes = defaultdict(list)
    for question in questions:
        bar = comments_minimum_for(question.survey, programme)
        items = answers.get(question.pk, [])
        themes[question.get_theme_display()].append(
            {
                "question": question,
                "still_open": question.survey.status != Survey.Status.CLOSED,
                "ready": question in ready,
                "bar": bar,
                "answers": items,
                "approved": sum(a.quote == Answer.Quote.APPROVED for a in items),
                "rejected": sum(a.quote == Answer.Quote.REJECTED for a in items),
            }
        )
    return list(themes.items())
