"""Matching mentors to mentees: pure functions over plain data, no ORM.

(Only the words for people, explanations and reasons, go through Django's gettext.)

The cohort is solved as a whole. A pair's score is 1 for being allowed at all
plus its fit (0 to 1, a weighted mix of the components below), and the solver
maximises the total over the cohort with SciPy's linear_sum_assignment. The 1
means that matching one more person always adds at least as much as any gain
in fit, so nobody is left out to make someone else's match slightly better;
the optimum of this objective is never below a greedy choice of the same
scores. Mentors with capacity k appear k times as columns.

Speed: every part of the fit is a dot product of a mentor's features with a
mentee's, so scoring is one matrix product, written straight into the layout
the solver takes (mentees as rows, mentors' places as columns, float64,
C-contiguous). The solver is given exactly these scores: −(1 + fit) for an
allowed pair, 0 for one that is not.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from scipy.optimize import linear_sum_assignment

SLOTS = [f"{day}_{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in ("am", "pm")]
PRIORITY_WEIGHTS = (1.0, 0.6, 0.3, 0.15, 0.1)
WORD = re.compile(r"[a-z]{3,}")
STOP_WORDS = frozenset(
    {"the", "and", "for", "with", "that", "this", "from", "have", "what", "how", "into", "our", "their", "them",
     "they", "about", "more", "help", "want", "learn", "understand", "will", "can", "are", "was", "who", "your",
     "you", "his", "her", "its", "not", "but", "all", "any"}
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    id: int
    user_id: int
    level: int
    grade_name: str = ""
    email: str = ""
    line_manager_email: str = ""
    directorate: object = None
    # Mentors: topics they are comfortable sharing. Mentees: topics to learn about, priority order.
    topics: tuple = ()
    avoid: frozenset = frozenset()
    objectives: str = ""
    availability: frozenset = frozenset()
    format: str = "either"
    location: str = ""
    capacity: int = 1


@dataclass(frozen=True)
class Weights:
    topics: float = 4.0
    objectives: float = 1.0
    format: float = 1.0
    availability: float = 1.0
    directorate: float = 0.5
    grade_gap: float = 0.5
    # None of the mentee's topics is one the mentor will not discuss (the first is a hard constraint; the
    # others cost the pair as much as sharing them would gain).
    avoid: float = 4.0
    preferred_gap: int = 3


# The parts of the fit (Weights fields), in the order the review page lists them.
PARTS = ("topics", "avoid", "objectives", "format", "availability", "directorate", "grade_gap")


@dataclass
class MatchInput:
    mentors: list
    mentees: list
    topic_names: dict = field(default_factory=dict)
    excluded: frozenset = frozenset()  # (mentor id, mentee id)
    previous_pairs: frozenset = frozenset()  # (mentor user id, mentee user id) from earlier cohorts
    allow_repeat: bool = False
    locked: tuple = ()  # (mentor id, mentee id), kept as they are
    min_gap: int = 1
    mentor_max_level: int | None = None
    mentee_min_level: int | None = None
    line_managers: dict = field(default_factory=dict)  # email -> manager's email, beyond the cohort too
    weights: Weights = field(default_factory=Weights)
    # How many mentors and mentees of the cohort were left out before the run (not ready, not trained...):
    # reasons given to the others say so, rather than that nobody suitable exists.
    left_out_mentors: int = 0
    left_out_mentees: int = 0


@dataclass(frozen=True)
class Pair:
    mentor_id: int
    mentee_id: int
    score: float
    explanation: str
    locked: bool = False
    parts: dict = field(default_factory=dict)  # PARTS key -> 0..1
    warning: str = ""  # something the lead should check before publishing


@dataclass
class MatchResult:
    pairs: list
    unmatched: dict  # person id -> reason
    total_score: float


@dataclass
class Scores:
    """Pair scores for a cohort, kept in the layout the solver needs: mentees × mentors' places, −(1 + fit).

    `total` (fit, 0..1) and `feasible` are mentors × mentees, as every other reader expects; `gap` and
    `objectives` are worked out only when an explanation asks for them.
    """

    cost: np.ndarray  # mentees × places, float64, C-contiguous: −(1 + fit), whether or not the pair is allowed
    slot_mentor: np.ndarray  # place (column) -> mentor index
    slot_rank: np.ndarray  # 0 for a mentor's first place, 1 for their second...
    first_slot: np.ndarray  # mentor index -> the column of their first place
    feasible_t: np.ndarray  # mentees × mentors, bool
    mentor_levels: np.ndarray
    mentee_levels: np.ndarray
    mentor_texts: np.ndarray
    mentee_texts: np.ndarray
    _total: np.ndarray | None = None

    @property
    def feasible(self) -> np.ndarray:
        return self.feasible_t.T

    @property
    def total(self) -> np.ndarray:
        if self._total is None:
            self._total = np.clip(-1.0 - self.cost[:, self.first_slot].T, 0.0, 1.0)
        return self._total

    @property
    def gap(self) -> np.ndarray:
        return self.mentee_levels[None, :] - self.mentor_levels[:, None]

    def objectives(self, i: int, j: int) -> float:
        return float(self.mentor_texts[i] @ self.mentee_texts[j])


# --- Scoring -------------------------------------------------------------------
#
# Every part of the fit is a dot product of a mentor's features with a mentee's, so the weighted sum of all
# parts is ONE matrix product: [mentor features] @ [weighted mentee features].T. Categories (meeting format
# and place, directorate, seniority level) become one-hot columns, with the mentee's side holding the fit
# for each category. Availability divides the overlap by the smaller of the two counts, which depends on
# both people, so mentees are taken in groups of equal count (at most 11 groups).


def _one_hot(keys: list) -> tuple[np.ndarray, list]:
    distinct = sorted(set(keys), key=repr)
    index = {k: n for n, k in enumerate(distinct)}
    matrix = np.zeros((len(keys), len(distinct)))
    matrix[np.arange(len(keys)), [index[k] for k in keys]] = 1.0
    return matrix, distinct


def _tfidf(texts: list[str]) -> np.ndarray:
    """Unit-length TF-IDF rows for short texts: objectives in people's own words."""
    docs = [[w for w in WORD.findall(text.lower()) if w not in STOP_WORDS] for text in texts]
    vocabulary: dict = {}
    words = np.array([vocabulary.setdefault(w, len(vocabulary)) for doc in docs for w in doc], dtype=np.int64)
    if not vocabulary:
        return np.zeros((len(texts), 1))
    rows = np.repeat(np.arange(len(texts)), [len(doc) for doc in docs])
    size = len(vocabulary)
    counts = np.bincount(rows * size + words, minlength=len(texts) * size).reshape(len(texts), size).astype(float)
    idf = np.log((1 + len(texts)) / (1 + (counts > 0).sum(axis=0))) + 1
    counts *= idf
    norms = np.linalg.norm(counts, axis=1, keepdims=True)
    return np.divide(counts, norms, out=np.zeros_like(counts), where=norms > 0)


def _priorities(topics: tuple) -> dict:
    """A mentee's topics with their priority weights, summing to 1."""
    weights = PRIORITY_WEIGHTS[: len(topics)]
    total = sum(weights) or 1.0
    return {topic: weight / total for topic, weight in zip(topics, weights, strict=False)}


def _topics(mentors, mentees) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mentors: 1 for each topic they share, and 1 for each they will not discuss. Mentees: priority weights."""
    index: dict = {}
    for p in (*mentors, *mentees):
        for t in (*p.topics, *sorted(p.avoid, key=repr)):
            index.setdefault(t, len(index))
    shared = np.zeros((len(mentors), max(len(index), 1)))
    rows = [i for i, p in enumerate(mentors) for _ in p.topics]
    shared[rows, [index[t] for p in mentors for t in p.topics]] = 1.0
    avoided = np.zeros_like(shared)
    rows = [i for i, p in enumerate(mentors) for _ in p.avoid]
    avoided[rows, [index[t] for p in mentors for t in p.avoid]] = 1.0
    wanted = np.zeros((len(mentees), shared.shape[1]))
    for row, mentee in enumerate(mentees):
        for topic, weight in _priorities(mentee.topics).items():
            wanted[row, index[topic]] = weight
    return shared, avoided, wanted


def _format_key(p) -> tuple:
    return (p.format, p.location.strip().lower() if p.format == "in_person" else "")


def _format_fit(a: tuple, b: tuple) -> float:
    (fa, pa), (fb, pb) = a, b
    if not (fa == fb or "either" in (fa, fb)):
        return 0.0
    return 0.5 if fa == fb == "in_person" and pa != pb else 1.0


def _slots(people) -> np.ndarray:
    index = {slot: n for n, slot in enumerate(SLOTS)}
    matrix = np.zeros((len(people), len(SLOTS)))
    rows = [i for i, p in enumerate(people) for s in p.availability if s in index]
    matrix[rows, [index[s] for p in people for s in p.availability if s in index]] = 1.0
    return matrix


def _chain(email: str, managers: dict) -> set:
    """Everyone above this person in the known line-management chain."""
    above, current = set(), managers.get(email)
    while current and current not in above and current != email:
        above.add(current)
        current = managers.get(current)
    return above


def _weight_sum(w: Weights) -> float:
    return sum(getattr(w, key) for key in PARTS) or 1.0


def score_matrix(data: MatchInput) -> Scores:
    mentors, mentees, w = data.mentors, data.mentees, data.weights
    scale = -1.0 / _weight_sum(w)  # the cost is −(1 + fit): the mentee side carries the minus sign
    mentor_levels = np.array([p.level for p in mentors], dtype=np.int64)
    mentee_levels = np.array([p.level for p in mentees], dtype=np.int64)

    shared, avoided, wanted = _topics(mentors, mentees)
    texts = _tfidf([p.objectives for p in mentors] + [p.objectives for p in mentees])
    mentor_texts, mentee_texts = texts[: len(mentors)], texts[len(mentors) :]

    mentor_format, format_keys = _one_hot([_format_key(p) for p in mentors])
    # The fit of each mentee's (format, place) with each mentor's, looked up from the few distinct pairs.
    mentee_keys: dict = {}
    mentee_key_rows = np.array([mentee_keys.setdefault(_format_key(p), len(mentee_keys)) for p in mentees], dtype=int)
    table = np.array([[_format_fit(key, theirs) for key in format_keys] for theirs in mentee_keys])
    mentee_format = table.reshape(len(mentee_keys), len(format_keys))[mentee_key_rows]

    # Directorate: 1 if both known and different, 0 if the same, 0.5 if either is unknown:
    # 0.5 + 0.5·known_i·known_j − same_ij, with one-hot rows that are all zero when unknown.
    directorates = {d: n for n, d in enumerate({p.directorate for p in (*mentors, *mentees)} - {None})}

    def directorate_features(people, sign):
        features = np.zeros((len(people), 1 + len(directorates)))
        for row, p in enumerate(people):
            if p.directorate is not None:
                features[row, 0] = 1.0 if sign > 0 else 0.5
                features[row, 1 + directorates[p.directorate]] = sign
        return features

    mentor_level_hot, levels = _one_hot(list(mentor_levels))
    gap_fit = 1.0 / (1.0 + np.abs(mentee_levels[:, None] - np.array(levels)[None, :] - w.preferred_gap))

    mentor_slots, mentee_slots = _slots(mentors), _slots(mentees)
    mentor_counts, mentee_counts = mentor_slots.sum(axis=1), mentee_slots.sum(axis=1)

    mentor_side = np.hstack(
        [
            np.ones((len(mentors), 1)),
            shared,
            avoided,
            mentor_texts,
            mentor_format,
            directorate_features(mentors, 1.0),
            mentor_level_hot,
            mentor_slots,
        ]
    )
    # Constant parts: the 1 for being allowed, half the directorate part (see above), and the whole avoid part,
    # from which each topic the mentor will not discuss takes its priority weight back.
    constant = 1.0 + (0.5 * w.directorate + w.avoid) / _weight_sum(w)
    mentee_side = np.hstack(
        [
            np.full((len(mentees), 1), -constant),
            wanted * (w.topics * scale),
            wanted * (-w.avoid * scale),
            mentee_texts * (w.objectives * scale),
            mentee_format * (w.format * scale),
            directorate_features(mentees, -1.0) * (w.directorate * scale),
            gap_fit * (w.grade_gap * scale),
            mentee_slots * (w.availability * scale),  # divided per group below
        ]
    )
    slot_columns = slice(mentee_side.shape[1] - len(SLOTS), mentee_side.shape[1])
    mentee_slots_weighted = mentee_side[:, slot_columns].copy()
    # The solver's columns are mentors' places (a mentor with capacity 2 has two), built here at once.
    # They are ordered by how many weekly times the mentor gave, so each group of equal count is one block
    # of columns and its product is written straight into place.
    places = np.maximum([p.capacity for p in mentors], 1).astype(np.int64)
    by_count = np.argsort(mentor_counts, kind="stable")
    slot_mentor = np.repeat(by_count, places[by_count])
    slot_counts = mentor_counts[slot_mentor]
    counts, starts = np.unique(slot_counts, return_index=True)
    slot_side = mentor_side[slot_mentor]
    cost = np.empty((len(mentees), len(slot_mentor)))
    for count, start, end in zip(counts, starts, [*starts[1:], len(slot_mentor)][: len(starts)], strict=True):
        smaller = np.minimum(mentee_counts, count)[:, None]
        mentee_side[:, slot_columns] = np.divide(
            mentee_slots_weighted, smaller, out=np.zeros_like(mentee_slots_weighted), where=smaller > 0
        )
        np.matmul(mentee_side, slot_side[start:end].T, out=cost[:, start:end])
    first_slot = np.empty(len(mentors), dtype=np.int64)
    first_slot[slot_mentor[::-1]] = np.arange(len(slot_mentor))[::-1]
    slot_rank = np.arange(len(slot_mentor)) - first_slot[slot_mentor]
    feasible_t = _feasibility(data, mentor_levels, mentee_levels)
    return Scores(
        cost, slot_mentor, slot_rank, first_slot, feasible_t, mentor_levels, mentee_levels, mentor_texts, mentee_texts
    )


def _feasibility(data: MatchInput, mentor_levels: np.ndarray, mentee_levels: np.ndarray) -> np.ndarray:
    """The hard constraints, as a mentees × mentors mask. Loops over people, never over pairs."""
    mentors, mentees = data.mentors, data.mentees
    feasible = np.subtract.outer(mentee_levels.astype(np.int16), mentor_levels.astype(np.int16)) >= data.min_gap
    if data.mentor_max_level is not None:
        feasible &= (mentor_levels <= data.mentor_max_level)[None, :]
    if data.mentee_min_level is not None:
        feasible &= (mentee_levels >= data.mentee_min_level)[:, None]
    mentor_rows_by_user, mentee_cols_by_user = {}, {}
    for i, p in enumerate(mentors):
        mentor_rows_by_user.setdefault(p.user_id, []).append(i)
    for j, p in enumerate(mentees):
        mentee_cols_by_user.setdefault(p.user_id, []).append(j)
    for user in mentor_rows_by_user.keys() & mentee_cols_by_user.keys():  # never the same person
        for j in mentee_cols_by_user[user]:
            feasible[j, mentor_rows_by_user[user]] = False

    mentor_row = {p.id: i for i, p in enumerate(mentors)}
    mentee_col = {p.id: j for j, p in enumerate(mentees)}
    mentor_by_email = {p.email.lower(): i for i, p in enumerate(mentors) if p.email}
    mentee_by_email = {p.email.lower(): j for j, p in enumerate(mentees) if p.email}
    managers = {k.lower(): v.lower() for k, v in data.line_managers.items() if v}
    managers.update(
        {p.email.lower(): p.line_manager_email.lower() for p in [*mentors, *mentees] if p.line_manager_email}
    )
    for i, mentor in enumerate(mentors):
        for boss in _chain(mentor.email.lower(), managers):
            if boss in mentee_by_email:
                feasible[mentee_by_email[boss], i] = False
    for j, mentee in enumerate(mentees):
        for boss in _chain(mentee.email.lower(), managers):
            if boss in mentor_by_email:
                feasible[j, mentor_by_email[boss]] = False

    # The mentee's first topic must not be on the mentor's do-not-discuss list: one block per topic.
    avoiding: dict = {}
    for i, mentor in enumerate(mentors):
        for topic in mentor.avoid:
            avoiding.setdefault(topic, []).append(i)
    wanting: dict = {}
    for j, mentee in enumerate(mentees):
        if mentee.topics and mentee.topics[0] in avoiding:
            wanting.setdefault(mentee.topics[0], []).append(j)
    for topic, rows in wanting.items():
        feasible[np.ix_(rows, avoiding[topic])] = False

    for mentor_id, mentee_id in data.excluded:
        if mentor_id in mentor_row and mentee_id in mentee_col:
            feasible[mentee_col[mentee_id], mentor_row[mentor_id]] = False
    if not data.allow_repeat and data.previous_pairs:
        for mentor_user, mentee_user in data.previous_pairs:
            for j in mentee_cols_by_user.get(mentee_user, []):
                feasible[j, mentor_rows_by_user.get(mentor_user, [])] = False
    return feasible


# --- Solving -------------------------------------------------------------------


def solve(scores: Scores, capacities: list[int], taken_mentees: set[int] = frozenset()) -> list[tuple[int, int]]:
    """Best total of (1 + fit) over allowed pairs; returns (mentor row, mentee column) pairs.

    SciPy minimises, so it gets the cost −(1 + fit) for allowed pairs and 0 for the rest, with mentees as rows
    (fewer rows than columns is its fast case) and one column per mentor's place. People with nothing
    allowed are left out of the solve: no assignment could score for them.
    """
    capacities = np.maximum(np.asarray(capacities, dtype=np.int64), 0)
    feasible = scores.feasible_t
    rows = feasible.any(axis=1)
    if taken_mentees:
        rows[np.fromiter(taken_mentees, dtype=np.int64)] = False
    mentor_ok = (capacities > 0) & feasible.any(axis=0)
    columns = mentor_ok[scores.slot_mentor] & (scores.slot_rank < capacities[scores.slot_mentor])
    if (capacities > np.bincount(scores.slot_mentor, minlength=len(capacities))).any():
        raise ValueError("A capacity is above the one the scores were built with.")
    if not rows.any() or not columns.any():
        return []
    mentee_rows, slot_columns = np.flatnonzero(rows), np.flatnonzero(columns)
    if len(mentee_rows) == len(rows) and len(slot_columns) == len(columns):
        cost = np.multiply(scores.cost, feasible.take(scores.slot_mentor, axis=1))  # disallowed pairs cost 0
    else:
        cost = scores.cost[np.ix_(mentee_rows, slot_columns)]
        cost *= feasible[np.ix_(mentee_rows, scores.slot_mentor[slot_columns])]
    r, c = linear_sum_assignment(cost)
    chosen = cost[r, c] < 0
    return [
        (int(scores.slot_mentor[slot_columns[col]]), int(mentee_rows[row]))
        for row, col in zip(r[chosen], c[chosen], strict=True)
    ]


def greedy_match(scores: Scores, capacities: list[int]) -> list[tuple[int, int]]:
    """A baseline for comparison only: take the best remaining allowed pair, again and again."""
    left = list(capacities)
    taken = set()
    total, feasible = scores.total, scores.feasible
    order = np.argsort(-np.where(feasible, total, -1.0), axis=None)
    pairs = []
    for flat in order:
        i, j = divmod(int(flat), total.shape[1])
        if not feasible[i, j]:
            break
        if left[i] > 0 and j not in taken:
            pairs.append((i, j))
            left[i] -= 1
            taken.add(j)
    return pairs


def total_score(scores: Scores, pairs) -> float:
    return float(sum(1.0 + scores.total[i, j] for i, j in pairs))


# --- Explaining ----------------------------------------------------------------


def _names(ids, names) -> str:
    return ", ".join(names.get(t, str(t)) for t in ids)


def _levels(n: int) -> str:
    return ngettext("%(n)s level", "%(n)s levels", n) % {"n": n}


def avoided_topics(mentor: Person, mentee: Person) -> list:
    """The mentee's topics, in priority order, that the mentor will not discuss."""
    return [t for t in mentee.topics if t in mentor.avoid]


def fit_parts(data: MatchInput, scores: Scores, i: int, j: int) -> dict:
    """What one pair's fit is made of: each part of PARTS, 0 to 1, worked out as the score matrix does.

    fit = Σ weight × part / Σ weights (tested against Scores.total).
    """
    mentor, mentee, w = data.mentors[i], data.mentees[j], data.weights
    wanted = _priorities(mentee.topics)
    slots = set(SLOTS)
    mine, theirs = mentor.availability & slots, mentee.availability & slots
    fewer = min(len(mine), len(theirs))
    if mentor.directorate is None or mentee.directorate is None:
        directorate = 0.5
    else:
        directorate = float(mentor.directorate != mentee.directorate)
    return {
        "topics": sum(weight for topic, weight in wanted.items() if topic in set(mentor.topics)),
        "avoid": 1.0 - sum(weight for topic, weight in wanted.items() if topic in mentor.avoid),
        "objectives": scores.objectives(i, j),
        "format": _format_fit(_format_key(mentor), _format_key(mentee)),
        "availability": len(mine & theirs) / fewer if fewer else 0.0,
        "directorate": directorate,
        "grade_gap": 1.0 / (1.0 + abs(int(mentee.level - mentor.level) - w.preferred_gap)),
    }


def warning(data: MatchInput, i: int, j: int) -> str:
    """What the lead should check before publishing this pair, in words; "" when nothing."""
    mentor, mentee = data.mentors[i], data.mentees[j]
    avoided = avoided_topics(mentor, mentee)
    if not avoided:
        return ""
    topics = _(" and ").join(
        _("%(topic)s (the mentee's topic %(position)s of %(count)s)")
        % {"topic": data.topic_names.get(t, t), "position": mentee.topics.index(t) + 1, "count": len(mentee.topics)}
        for t in avoided
    )
    return _("the mentor will not discuss %(topics)s") % {"topics": topics}


def explain(data: MatchInput, scores: Scores, i: int, j: int) -> str:
    mentor, mentee = data.mentors[i], data.mentees[j]
    parts = []
    common = [t for t in mentee.topics if t in set(mentor.topics)]
    if mentee.topics:
        if common:
            parts.append(
                f"shares {len(common)} of {len(mentee.topics)} learning topics: {_names(common, data.topic_names)}"
            )
        else:
            parts.append("shares none of the learning topics")
    gap = int(mentee.level - mentor.level)
    parts.append(f"{gap} level{'s' if gap != 1 else ''} apart")
    if mentor.directorate is not None and mentee.directorate is not None:
        parts.append("different directorates" if mentor.directorate != mentee.directorate else "same directorate")
    if mentor.format == mentee.format and mentor.format != "either":
        same_place = _format_fit(_format_key(mentor), _format_key(mentee)) == 1
        where = f" at {mentor.location}" if mentor.format == "in_person" and same_place else ""
        parts.append(f"both prefer {mentor.format.replace('_', ' ')}{where}")
    common_slots = len(mentor.availability & mentee.availability)
    if common_slots:
        parts.append(f"{common_slots} common time{'s' if common_slots != 1 else ''} in the week")
    if scores.objectives(i, j) >= 0.2:
        parts.append("similar objectives")
    flag = warning(data, i, j)
    if flag:
        parts.append(_("check: %(warning)s") % {"warning": flag})
    return "; ".join(parts)


# Why one mentor and one mentee may not be paired: the hard constraints of _feasibility, one pair at a time,
# so each unmatched person and each hand-made pair is told the rules that really apply.


def _managers(data: MatchInput) -> dict:
    managers = {k.lower(): v.lower() for k, v in data.line_managers.items() if v}
    managers.update(
        {p.email.lower(): p.line_manager_email.lower() for p in (*data.mentors, *data.mentees) if p.line_manager_email}
    )
    return managers


def blocks(data: MatchInput, i: int, j: int, managers: dict | None = None) -> list[str]:
    """The hard constraints mentor i and mentee j break, as keys of BLOCKS; [] when they may be paired."""
    mentor, mentee = data.mentors[i], data.mentees[j]
    managers = _managers(data) if managers is None else managers
    broken = []
    if mentee.level - mentor.level < data.min_gap:
        broken.append("gap")
    if data.mentor_max_level is not None and mentor.level > data.mentor_max_level:
        broken.append("mentor_limit")
    if data.mentee_min_level is not None and mentee.level < data.mentee_min_level:
        broken.append("mentee_limit")
    if mentor.user_id == mentee.user_id:
        broken.append("same")
    if mentee.email.lower() in _chain(mentor.email.lower(), managers) or mentor.email.lower() in _chain(
        mentee.email.lower(), managers
    ):
        broken.append("chain")
    if mentee.topics and mentee.topics[0] in mentor.avoid:
        broken.append("topic")
    if (mentor.id, mentee.id) in data.excluded:
        broken.append("excluded")
    if not data.allow_repeat and (mentor.user_id, mentee.user_id) in data.previous_pairs:
        broken.append("earlier")
    return broken


def _left_out(count: int, role: str) -> str:
    if not count:
        return ""
    if role == "mentor":
        note = ngettext(
            "%(n)s mentor is not in this run: see why beside them",
            "%(n)s mentors are not in this run: see why beside each",
            count,
        )
    else:
        note = ngettext(
            "%(n)s mentee is not in this run: see why beside them",
            "%(n)s mentees are not in this run: see why beside each",
            count,
        )
    return " (" + note % {"n": count} + ")"


def _rules(counts: Counter, total: int, topic: str, side: str) -> str:
    """The rules that keep someone from each otherwise suitable partner, in words.

    `side` is who those partners are ("mentor" or "mentee"); `total` how many there are (one: said without a
    count); `topic` the topic a "topic" rule is about.
    """
    one = total == 1
    if side == "mentor":
        topic_rule = (
            _("will not discuss %(topic)s, this mentee's first topic")
            if one
            else ngettext(
                "%(n)s will not discuss %(topic)s, this mentee's first topic",
                "%(n)s will not discuss %(topic)s, this mentee's first topic",
                counts["topic"],
            )
        )
    else:
        topic_rule = (
            _("wants to learn first about %(topic)s, which this mentor will not discuss")
            if one
            else ngettext(
                "%(n)s wants to learn first about %(topic)s, which this mentor will not discuss",
                "%(n)s want to learn first about %(topic)s, which this mentor will not discuss",
                counts["topic"],
            )
        )
    phrases = {
        "topic": topic_rule,
        "chain": _("is in their line-management chain")
        if one
        else ngettext(
            "%(n)s is in their line-management chain", "%(n)s are in their line-management chain", counts["chain"]
        ),
        "excluded": _("was excluded by a lead")
        if one
        else ngettext("%(n)s was excluded by a lead", "%(n)s were excluded by a lead", counts["excluded"]),
        "earlier": _("was paired with them in an earlier cohort")
        if one
        else ngettext(
            "%(n)s was paired with them in an earlier cohort",
            "%(n)s were paired with them in an earlier cohort",
            counts["earlier"],
        ),
        "same": _("is the same person") if one else _("one is the same person"),
        "mentor_limit": _("is above this cohort's grade limit for mentors")
        if one
        else ngettext(
            "%(n)s is above this cohort's grade limit for mentors",
            "%(n)s are above this cohort's grade limit for mentors",
            counts["mentor_limit"],
        ),
        "mentee_limit": _("is below this cohort's grade limit for mentees")
        if one
        else ngettext(
            "%(n)s is below this cohort's grade limit for mentees",
            "%(n)s are below this cohort's grade limit for mentees",
            counts["mentee_limit"],
        ),
    }
    said = [phrases[key] % {"n": counts[key], "topic": topic} for key in phrases if counts.get(key)]
    return (_(" and ") if one else "; ").join(said)


def _why_mentee_unmatched(data: MatchInput, scores: Scores, j: int, managers: dict) -> str:
    mentee = data.mentees[j]
    if scores.feasible[:, j].any():
        return _("all suitable mentors were matched with other mentees")
    waiting = _left_out(data.left_out_mentors, "mentor")
    if not data.mentors:
        return _("no mentor is available in this run") + waiting
    if data.mentee_min_level is not None and mentee.level < data.mentee_min_level:
        return _("their grade, %(grade)s, is below this cohort's limit for mentees") % {
            "grade": mentee.grade_name or _("as recorded")
        }
    junior = [i for i in range(len(data.mentors)) if mentee.level - data.mentors[i].level >= data.min_gap]
    if not junior:
        return (
            _("no mentor in this run is at least %(levels)s below %(grade)s")
            % {"levels": _levels(data.min_gap), "grade": mentee.grade_name or _("their grade")}
            + waiting
        )
    counts = Counter(key for i in junior for key in blocks(data, i, j, managers))
    top = data.topic_names.get(mentee.topics[0], mentee.topics[0]) if mentee.topics else ""
    why = _rules(counts, len(junior), top, "mentor")
    if len(junior) == 1:
        return _("the only mentor junior enough %(why)s") % {"why": why} + waiting
    return (
        _("none of the %(n)s mentors junior enough can be paired with them: %(why)s")
        % {
            "n": len(junior),
            "why": why,
        }
        + waiting
    )


def _why_mentor_unmatched(data: MatchInput, scores: Scores, i: int, slots_total: int, managers: dict) -> str:
    mentor = data.mentors[i]
    if scores.feasible[i, :].any():
        if slots_total > len(data.mentees):
            return _("more mentor places than mentees: kept for a later cohort")
        return _("the mentees they suit were better matched with other mentors")
    waiting = _left_out(data.left_out_mentees, "mentee")
    if not data.mentees:
        return _("no mentee is available in this run") + waiting
    if data.mentor_max_level is not None and mentor.level > data.mentor_max_level:
        return _("their grade, %(grade)s, is above this cohort's limit for mentors") % {
            "grade": mentor.grade_name or _("as recorded")
        }
    senior = [j for j in range(len(data.mentees)) if data.mentees[j].level - mentor.level >= data.min_gap]
    if not senior:
        return (
            _("no mentee in this run is at least %(levels)s above %(grade)s")
            % {"levels": _levels(data.min_gap), "grade": mentor.grade_name or _("their grade")}
            + waiting
        )
    broken = {j: blocks(data, i, j, managers) for j in senior}
    counts = Counter(key for keys in broken.values() for key in keys)
    avoided = sorted({data.mentees[j].topics[0] for j, keys in broken.items() if "topic" in keys}, key=repr)
    why = _rules(counts, len(senior), _names(avoided, data.topic_names), "mentee")
    if len(senior) == 1:
        return _("the only mentee senior enough %(why)s") % {"why": why} + waiting
    return (
        _("none of the %(n)s mentees senior enough can be paired with them: %(why)s")
        % {
            "n": len(senior),
            "why": why,
        }
        + waiting
    )


def _pair(data: MatchInput, scores: Scores, i: int, j: int, locked: bool = False) -> Pair:
    return Pair(
        data.mentors[i].id,
        data.mentees[j].id,
        float(1 + scores.total[i, j]),
        explain(data, scores, i, j),
        locked,
        parts=fit_parts(data, scores, i, j),
        warning=warning(data, i, j),
    )


def run_match(data: MatchInput) -> MatchResult:
    scores = score_matrix(data)
    mentor_row = {p.id: i for i, p in enumerate(data.mentors)}
    mentee_col = {p.id: j for j, p in enumerate(data.mentees)}
    capacities = [p.capacity for p in data.mentors]
    locked = []
    for mentor_id, mentee_id in data.locked:
        i, j = mentor_row[mentor_id], mentee_col[mentee_id]
        capacities[i] -= 1
        locked.append((i, j))
    solved = solve(scores, capacities, taken_mentees={j for _, j in locked})
    pairs = [_pair(data, scores, i, j, locked=True) for i, j in locked] + [_pair(data, scores, i, j) for i, j in solved]
    matched_mentees = {p.mentee_id for p in pairs}
    used = Counter(p.mentor_id for p in pairs)
    slots_total = sum(p.capacity for p in data.mentors)
    managers = _managers(data)
    unmatched = {}
    for j, mentee in enumerate(data.mentees):
        if mentee.id not in matched_mentees:
            unmatched[mentee.id] = _why_mentee_unmatched(data, scores, j, managers)
    for i, mentor in enumerate(data.mentors):
        if used[mentor.id] == 0:
            unmatched[mentor.id] = _why_mentor_unmatched(data, scores, i, slots_total, managers)
    return MatchResult(pairs=pairs, unmatched=unmatched, total_score=sum(p.score for p in pairs))


# --- One pair, checked by hand ---------------------------------------------------


def breaches(data: MatchInput) -> list[str]:
    """The hard constraints one mentor (data.mentors[0]) and one mentee (data.mentees[0]) break, in words.

    For a lead's manual pair: the rules it breaks, so the lead can give a reason for overriding them.
    """
    mentor, mentee = data.mentors[0], data.mentees[0]
    gap = int(mentee.level - mentor.level)
    topic = data.topic_names.get(mentee.topics[0], mentee.topics[0]) if mentee.topics else ""
    words = {
        "gap": f"the mentor is {gap} level{'s' if abs(gap) != 1 else ''} below the mentee, not at least {data.min_gap}",
        "mentor_limit": "the mentor's grade is above this cohort's limit for mentors",
        "mentee_limit": "the mentee's grade is below this cohort's limit for mentees",
        "same": "the same person",
        "chain": "one is in the other's line-management chain",
        "topic": f"the mentee's top topic ({topic}) is one the mentor prefers not to discuss",
        "excluded": "the lead excluded this pair",
        "earlier": "they were paired in an earlier cohort",
    }
    return [words[key] for key in blocks(data, 0, 0)]
