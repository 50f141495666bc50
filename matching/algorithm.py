"""Matching mentors to mentees: pure functions over plain data, no ORM.

The cohort is solved as a whole. A pair's score is 1 for being allowed at all
plus its fit (0 to 1, a weighted mix of the components below), and the solver
maximises the total over the cohort with SciPy's linear_sum_assignment. The 1
means that matching one more person always adds at least as much as any gain
in fit, so nobody is left out to make someone else's match slightly better;
the optimum of this objective is never below a greedy choice of the same
scores. Mentors with capacity k appear k times as columns.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
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
    preferred_gap: int = 3


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


@dataclass(frozen=True)
class Pair:
    mentor_id: int
    mentee_id: int
    score: float
    explanation: str
    locked: bool = False


@dataclass
class MatchResult:
    pairs: list
    unmatched: dict  # person id -> reason
    total_score: float


@dataclass
class Scores:
    total: np.ndarray  # fit 0..1, mentors × mentees
    feasible: np.ndarray  # bool, mentors × mentees
    topics: np.ndarray
    objectives: np.ndarray
    format: np.ndarray
    availability: np.ndarray
    gap: np.ndarray


# --- Scoring -------------------------------------------------------------------


def _topic_matrices(mentors, mentees):
    topics = sorted({t for p in mentors for t in p.topics} | {t for p in mentees for t in p.topics})
    index = {t: i for i, t in enumerate(topics)}
    shared = np.zeros((len(mentors), len(topics)), dtype=np.float32)
    for row, mentor in enumerate(mentors):
        shared[row, [index[t] for t in mentor.topics]] = 1.0
    wanted = np.zeros((len(mentees), len(topics)), dtype=np.float32)
    for row, mentee in enumerate(mentees):
        weights = PRIORITY_WEIGHTS[: len(mentee.topics)]
        total = sum(weights) or 1.0
        for topic, weight in zip(mentee.topics, weights, strict=False):
            wanted[row, index[topic]] = weight / total
    return shared, wanted


def _tfidf(texts: list[str]) -> np.ndarray:
    """Unit-length TF-IDF rows for short texts: objectives in people's own words."""
    docs = [Counter(w for w in WORD.findall(text.lower()) if w not in STOP_WORDS) for text in texts]
    vocabulary = sorted({w for doc in docs for w in doc})
    if not vocabulary:
        return np.zeros((len(texts), 1))
    index = {w: i for i, w in enumerate(vocabulary)}
    counts = np.zeros((len(texts), len(vocabulary)))
    for row, doc in enumerate(docs):
        for word, n in doc.items():
            counts[row, index[word]] = n
    idf = np.log((1 + len(texts)) / (1 + (counts > 0).sum(axis=0))) + 1
    weighted = counts * idf
    norms = np.linalg.norm(weighted, axis=1, keepdims=True)
    return np.divide(weighted, norms, out=np.zeros_like(weighted), where=norms > 0)


def _slots(people) -> np.ndarray:
    return np.array([[slot in p.availability for slot in SLOTS] for p in people], dtype=float).reshape(-1, len(SLOTS))


def _codes(values, codes: dict) -> np.ndarray:
    """Integer codes for category values, shared through `codes` so two lists compare."""
    return np.array([codes.setdefault(v, len(codes)) for v in values], dtype=np.int32)


def _chain(email: str, managers: dict) -> set:
    """Everyone above this person in the known line-management chain."""
    above, current = set(), managers.get(email)
    while current and current not in above and current != email:
        above.add(current)
        current = managers.get(current)
    return above


def score_matrix(data: MatchInput) -> Scores:
    mentors, mentees, w = data.mentors, data.mentees, data.weights
    shared, wanted = _topic_matrices(mentors, mentees)
    topics = shared @ wanted.T

    texts = _tfidf([p.objectives for p in mentors] + [p.objectives for p in mentees])
    texts = texts.astype(np.float32)
    objectives = np.clip(texts[: len(mentors)] @ texts[len(mentors) :].T, 0, 1)

    # Categories compared as integer codes: element-wise string or object comparison is slow.
    codes: dict = {}
    mentor_format, mentee_format = (
        _codes([p.format for p in mentors], codes),
        _codes([p.format for p in mentees], codes),
    )
    either = codes.setdefault("either", len(codes))
    compatible = (
        (mentor_format[:, None] == mentee_format[None, :])
        | (mentor_format[:, None] == either)
        | (mentee_format == either)
    )
    in_person = codes.setdefault("in_person", len(codes))
    both_in_person = (mentor_format[:, None] == in_person) & (mentee_format[None, :] == in_person)
    places: dict = {}
    mentor_place = _codes([p.location.strip().lower() for p in mentors], places)
    mentee_place = _codes([p.location.strip().lower() for p in mentees], places)
    half = both_in_person & (mentor_place[:, None] != mentee_place[None, :])
    format_fit = np.where(compatible, np.where(half, np.float32(0.5), np.float32(1.0)), np.float32(0.0))

    a, b = _slots(mentors).astype(np.float32), _slots(mentees).astype(np.float32)
    smaller = np.minimum(a.sum(axis=1)[:, None], b.sum(axis=1)[None, :])
    availability = np.divide(
        a @ b.T, smaller, out=np.zeros((len(mentors), len(mentees)), dtype=np.float32), where=smaller > 0
    )

    directorates: dict = {None: -1}
    mentor_dir = _codes([p.directorate for p in mentors], directorates)[:, None]
    mentee_dir = _codes([p.directorate for p in mentees], directorates)[None, :]
    unknown = (mentor_dir == -1) | (mentee_dir == -1)
    directorate = np.where(unknown, np.float32(0.5), (mentor_dir != mentee_dir).astype(np.float32))

    gap = np.array([p.level for p in mentees])[None, :] - np.array([p.level for p in mentors])[:, None]
    gap_fit = (1.0 / (1.0 + np.abs(gap - w.preferred_gap))).astype(np.float32)

    parts = [
        (w.topics, topics),
        (w.objectives, objectives),
        (w.format, format_fit),
        (w.availability, availability),
        (w.directorate, directorate),
        (w.grade_gap, gap_fit),
    ]
    weight_sum = sum(weight for weight, _ in parts) or 1.0
    total = np.zeros(gap.shape, dtype=np.float32)
    scratch = np.empty_like(total)
    for weight, part in parts:
        np.multiply(part, np.float32(weight / weight_sum), out=scratch)
        total += scratch
    total = total.astype(np.float64)  # the solver works in float64; scores stay comparable across runs

    feasible = _feasibility(data, gap)
    return Scores(total, feasible, topics, objectives, format_fit, availability, gap)


def _feasibility(data: MatchInput, gap: np.ndarray) -> np.ndarray:
    """The hard constraints, as a mentors × mentees mask. Loops over people, never over pairs."""
    mentors, mentees = data.mentors, data.mentees
    feasible = gap >= data.min_gap
    if data.mentor_max_level is not None:
        feasible &= (np.array([p.level for p in mentors]) <= data.mentor_max_level)[:, None]
    if data.mentee_min_level is not None:
        feasible &= (np.array([p.level for p in mentees]) >= data.mentee_min_level)[None, :]
    feasible &= np.array([p.user_id for p in mentors])[:, None] != np.array([p.user_id for p in mentees])[None, :]

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
                feasible[i, mentee_by_email[boss]] = False
    for j, mentee in enumerate(mentees):
        for boss in _chain(mentee.email.lower(), managers):
            if boss in mentor_by_email:
                feasible[mentor_by_email[boss], j] = False

    avoid_rows = {}
    for i, mentor in enumerate(mentors):
        for topic in mentor.avoid:
            avoid_rows.setdefault(topic, []).append(i)
    for j, mentee in enumerate(mentees):
        if mentee.topics:
            feasible[avoid_rows.get(mentee.topics[0], []), j] = False

    for mentor_id, mentee_id in data.excluded:
        if mentor_id in mentor_row and mentee_id in mentee_col:
            feasible[mentor_row[mentor_id], mentee_col[mentee_id]] = False
    if not data.allow_repeat and data.previous_pairs:
        mentor_rows_by_user, mentee_cols_by_user = {}, {}
        for i, p in enumerate(mentors):
            mentor_rows_by_user.setdefault(p.user_id, []).append(i)
        for j, p in enumerate(mentees):
            mentee_cols_by_user.setdefault(p.user_id, []).append(j)
        for mentor_user, mentee_user in data.previous_pairs:
            for i in mentor_rows_by_user.get(mentor_user, []):
                feasible[i, mentee_cols_by_user.get(mentee_user, [])] = False
    return feasible


# --- Solving -------------------------------------------------------------------


def solve(scores: Scores, capacities: list[int], taken_mentees: set[int] = frozenset()) -> list[tuple[int, int]]:
    """Best total of (1 + fit) over allowed pairs; returns (mentor row, mentee column) pairs."""
    columns = [j for j in range(scores.total.shape[1]) if j not in taken_mentees]
    slots = [i for i, capacity in enumerate(capacities) for _ in range(max(capacity, 0))]
    if not slots or not columns:
        return []
    profit = np.where(scores.feasible, 1.0 + scores.total, 0.0)[np.ix_(slots, columns)]
    rows, cols = linear_sum_assignment(profit, maximize=True)
    return [(slots[r], columns[c]) for r, c in zip(rows, cols, strict=True) if profit[r, c] > 0]


def greedy_match(scores: Scores, capacities: list[int]) -> list[tuple[int, int]]:
    """A baseline for comparison only: take the best remaining allowed pair, again and again."""
    left = list(capacities)
    taken = set()
    order = np.argsort(-np.where(scores.feasible, scores.total, -1.0), axis=None)
    pairs = []
    for flat in order:
        i, j = divmod(int(flat), scores.total.shape[1])
        if not scores.feasible[i, j]:
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
    gap = int(scores.gap[i, j])
    parts.append(f"{gap} level{'s' if gap != 1 else ''} apart")
    if mentor.directorate is not None and mentee.directorate is not None:
        parts.append("different directorates" if mentor.directorate != mentee.directorate else "same directorate")
    if mentor.format == mentee.format and mentor.format != "either":
        where = f" at {mentor.location}" if mentor.format == "in_person" and scores.format[i, j] == 1 else ""
        parts.append(f"both prefer {mentor.format.replace('_', ' ')}{where}")
    common_slots = len(mentor.availability & mentee.availability)
    if common_slots:
        parts.append(f"{common_slots} common time{'s' if common_slots != 1 else ''} in the week")
    if scores.objectives[i, j] >= 0.2:
        parts.append("similar objectives")
    return "; ".join(parts)


def _why_mentee_unmatched(data: MatchInput, scores: Scores, j: int) -> str:
    mentee = data.mentees[j]
    if scores.feasible[:, j].any():
        return "all suitable mentors were matched with other mentees"
    junior = scores.gap[:, j] >= data.min_gap
    if not junior.any():
        levels = f"{data.min_gap} level{'s' if data.min_gap != 1 else ''}"
        return f"no mentor at least {levels} below {mentee.grade_name or 'their grade'}"
    if mentee.topics:
        top = mentee.topics[0]
        if all(top in data.mentors[i].avoid for i in np.flatnonzero(junior)):
            return f"every mentor junior enough prefers not to discuss {data.topic_names.get(top, top)}"
    return "the mentors junior enough are in their line-management chain, excluded, or were paired with them before"


def _why_mentor_unmatched(data: MatchInput, scores: Scores, i: int, slots_total: int) -> str:
    mentor = data.mentors[i]
    if not scores.feasible[i, :].any():
        if not (scores.gap[i, :] >= data.min_gap).any():
            levels = f"{data.min_gap} level{'s' if data.min_gap != 1 else ''}"
            return f"no mentee at least {levels} above {mentor.grade_name or 'their grade'}"
        return "no mentee they could be paired with (line management, exclusions, topics or earlier pairings)"
    if slots_total > len(data.mentees):
        return "more mentor places than mentees: kept for a later cohort"
    return "the mentees they suit were better matched with other mentors"


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
    pairs = [
        Pair(data.mentors[i].id, data.mentees[j].id, float(1 + scores.total[i, j]), explain(data, scores, i, j), True)
        for i, j in locked
    ] + [
        Pair(data.mentors[i].id, data.mentees[j].id, float(1 + scores.total[i, j]), explain(data, scores, i, j))
        for i, j in solved
    ]
    matched_mentees = {p.mentee_id for p in pairs}
    used = Counter(p.mentor_id for p in pairs)
    slots_total = sum(p.capacity for p in data.mentors)
    unmatched = {}
    for j, mentee in enumerate(data.mentees):
        if mentee.id not in matched_mentees:
            unmatched[mentee.id] = _why_mentee_unmatched(data, scores, j)
    for i, mentor in enumerate(data.mentors):
        if used[mentor.id] == 0:
            unmatched[mentor.id] = _why_mentor_unmatched(data, scores, i, slots_total)
    return MatchResult(pairs=pairs, unmatched=unmatched, total_score=sum(p.score for p in pairs))


# --- One pair, checked by hand ---------------------------------------------------


def breaches(data: MatchInput) -> list[str]:
    """The hard constraints one mentor (data.mentors[0]) and one mentee (data.mentees[0]) break, in words.

    For a lead's manual pair. The verdict comes from the same feasibility mask the solver uses; the words
    name each rule broken so the lead can give a reason for overriding it.
    """
    scores = score_matrix(data)
    if scores.feasible[0, 0]:
        return []
    mentor, mentee = data.mentors[0], data.mentees[0]
    broken = []
    gap = int(scores.gap[0, 0])
    if gap < data.min_gap:
        broken.append(
            f"the mentor is {gap} level{'s' if abs(gap) != 1 else ''} below the mentee, not at least {data.min_gap}"
        )
    if data.mentor_max_level is not None and mentor.level > data.mentor_max_level:
        broken.append("the mentor's grade is above the programme's limit for mentors")
    if data.mentee_min_level is not None and mentee.level < data.mentee_min_level:
        broken.append("the mentee's grade is below the programme's limit for mentees")
    if mentor.user_id == mentee.user_id:
        broken.append("the same person")
    managers = {k.lower(): v.lower() for k, v in data.line_managers.items() if v}
    managers.update({p.email.lower(): p.line_manager_email.lower() for p in (mentor, mentee) if p.line_manager_email})
    if mentee.email.lower() in _chain(mentor.email.lower(), managers) or mentor.email.lower() in _chain(
        mentee.email.lower(), managers
    ):
        broken.append("one is in the other's line-management chain")
    if mentee.topics and mentee.topics[0] in mentor.avoid:
        topic = data.topic_names.get(mentee.topics[0], mentee.topics[0])
        broken.append(f"the mentee's top topic ({topic}) is one the mentor prefers not to discuss")
    if (mentor.id, mentee.id) in data.excluded:
        broken.append("the lead excluded this pair")
    if not data.allow_repeat and (mentor.user_id, mentee.user_id) in data.previous_pairs:
        broken.append("they were paired in an earlier cohort")
    return broken or ["a hard constraint"]
