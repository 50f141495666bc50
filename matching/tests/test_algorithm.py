"""The matching algorithm on hand-built cases from the seed programmes and on many random ones."""

import itertools
import random

import numpy as np

from matching.algorithm import (
    PARTS,
    MatchInput,
    Person,
    blocks,
    fit_parts,
    greedy_match,
    run_match,
    score_matrix,
    solve,
    total_score,
)

RACE, RELIGION, LGBT, DISABILITY = 1, 2, 3, 4
TOPICS = {RACE: "race", RELIGION: "religion and belief", LGBT: "sexual orientation", DISABILITY: "disability"}


def mentor(id, level=1, **kw):
    return Person(id=id, user_id=id, level=level, email=f"p{id}@x.org", **kw)


def mentee(id, level=4, **kw):
    return Person(id=id, user_id=id, level=level, email=f"p{id}@x.org", **kw)


def test_a_leicestershire_style_pair_is_explained_in_words_a_lead_can_read():
    data = MatchInput(
        mentors=[mentor(1, level=1, grade_name="Constable", topics=(RACE, RELIGION), directorate="Local Policing",
                        format="online", availability=frozenset({"mon_am", "tue_pm"}))],
        mentees=[mentee(2, level=5, grade_name="Superintendent", topics=(RACE, RELIGION, LGBT), directorate="Crime",
                        format="online", availability=frozenset({"tue_pm"}))],
        topic_names=TOPICS,
    )  # fmt: skip
    [pair] = run_match(data).pairs
    assert pair.explanation == (
        "shares 2 of 3 learning topics: race, religion and belief; 4 levels apart; different directorates; "
        "both prefer online; 1 common time in the week"
    )


def test_a_mentor_is_never_junior_by_less_than_the_minimum_gap_and_the_mentee_is_told_why():
    data = MatchInput(
        mentors=[mentor(1, level=3, grade_name="Inspector")],
        mentees=[mentee(2, level=4, grade_name="Chief Inspector")],
        min_gap=2,
    )
    result = run_match(data)
    assert result.pairs == []
    assert result.unmatched[2] == "no mentor in this run is at least 2 levels below Chief Inspector"
    assert result.unmatched[1] == "no mentee in this run is at least 2 levels above Inspector"


def test_a_wiltshire_mentor_who_will_not_discuss_the_top_topic_is_never_proposed():
    data = MatchInput(
        mentors=[mentor(1, topics=(DISABILITY,), avoid=frozenset({RELIGION}))],
        mentees=[mentee(2, topics=(RELIGION, DISABILITY))],
        topic_names=TOPICS,
    )
    result = run_match(data)
    assert result.pairs == []
    assert result.unmatched[2] == (
        "the only mentor junior enough will not discuss religion and belief, this mentee's first topic"
    )
    assert result.unmatched[1] == (
        "the only mentee senior enough wants to learn first about religion and belief, which this mentor will not "
        "discuss"
    )


def test_nobody_is_paired_within_their_own_line_management_chain():
    boss = mentee(2, level=6)
    middle_manager_email = "outside@x.org"  # not in the cohort, but known
    data = MatchInput(
        mentors=[mentor(1, line_manager_email=middle_manager_email), mentor(3)],
        mentees=[boss],
        line_managers={middle_manager_email: boss.email},
    )
    assert [(p.mentor_id, p.mentee_id) for p in run_match(data).pairs] == [(3, 2)]


def test_excluded_and_earlier_pairs_are_avoided_unless_repeats_are_allowed():
    data = MatchInput(mentors=[mentor(1)], mentees=[mentee(2)], excluded=frozenset({(1, 2)}))
    assert run_match(data).pairs == []
    data = MatchInput(mentors=[mentor(1)], mentees=[mentee(2)], previous_pairs=frozenset({(1, 2)}))
    assert run_match(data).pairs == []
    data.allow_repeat = True
    assert len(run_match(data).pairs) == 1


def test_locked_pairs_are_kept_and_the_rest_solved_around_them():
    data = MatchInput(
        mentors=[mentor(1, topics=(RACE,)), mentor(3, topics=(LGBT,))],
        mentees=[mentee(2, topics=(RACE,)), mentee(4, topics=(LGBT,))],
        locked=((1, 4),),
    )
    pairs = {(p.mentor_id, p.mentee_id): p.locked for p in run_match(data).pairs}
    assert pairs == {(1, 4): True, (3, 2): False}


def test_dhsc_extra_trained_mentors_are_kept_for_later_with_a_reason():
    data = MatchInput(mentors=[mentor(1), mentor(3), mentor(5)], mentees=[mentee(2)])
    result = run_match(data)
    assert len(result.pairs) == 1
    kept = [reason for pid, reason in result.unmatched.items() if pid in (1, 3, 5)]
    assert kept == ["more mentor places than mentees: kept for a later cohort"] * 2


def random_instance(rng, n_mentors, n_mentees):
    def person(id, level, is_mentor):
        return Person(
            id=id, user_id=id, level=level, email=f"p{id}@x.org",
            topics=tuple(rng.sample([1, 2, 3, 4, 5], rng.randint(0, 3))),
            avoid=frozenset(rng.sample([1, 2, 3, 4, 5], rng.randint(0, 1))) if is_mentor else frozenset(),
            directorate=rng.choice(["a", "b", None]), format=rng.choice(["online", "in_person", "either"]),
            location=rng.choice(["hq", "north"]), availability=frozenset(rng.sample(["mon_am", "tue_pm", "wed_am"], 2)),
            objectives=rng.choice(["promotion barriers", "allyship at work", "faith at work", ""]),
            capacity=rng.randint(1, 2) if is_mentor else 1,
        )  # fmt: skip

    mentors = [person(i, rng.randint(1, 4), True) for i in range(n_mentors)]
    mentees = [person(100 + j, rng.randint(2, 7), False) for j in range(n_mentees)]
    excluded = frozenset({(rng.randrange(n_mentors), 100 + rng.randrange(n_mentees))})
    return MatchInput(mentors=mentors, mentees=mentees, excluded=excluded, min_gap=rng.randint(1, 2))


def brute_force_best(scores, capacities):
    n_mentors, n_mentees = scores.total.shape
    best = 0.0
    for choice in itertools.product(range(-1, n_mentors), repeat=n_mentees):
        used = [0] * n_mentors
        value = 0.0
        for j, i in enumerate(choice):
            if i < 0:
                continue
            if not scores.feasible[i, j]:
                break
            used[i] += 1
            value += 1 + scores.total[i, j]
        else:
            if all(u <= c for u, c in zip(used, capacities, strict=True)):
                best = max(best, value)
    return best


def test_the_solver_equals_a_brute_force_optimum_and_keeps_every_hard_constraint():
    rng = random.Random(2026)
    for _ in range(150):
        data = random_instance(rng, rng.randint(1, 4), rng.randint(1, 4))
        scores = score_matrix(data)
        capacities = [p.capacity for p in data.mentors]
        pairs = solve(scores, capacities)
        assert abs(total_score(scores, pairs) - brute_force_best(scores, capacities)) < 1e-9
        assert total_score(scores, pairs) >= total_score(scores, greedy_match(scores, capacities)) - 1e-9
        result = run_match(data)
        mentors = {p.id: p for p in data.mentors}
        mentees = {p.id: p for p in data.mentees}
        per_mentor = {}
        for pair in result.pairs:
            m, e = mentors[pair.mentor_id], mentees[pair.mentee_id]
            assert e.level - m.level >= data.min_gap
            assert (pair.mentor_id, pair.mentee_id) not in data.excluded
            assert not (e.topics and e.topics[0] in m.avoid)
            per_mentor[m.id] = per_mentor.get(m.id, 0) + 1
            assert per_mentor[m.id] <= m.capacity
        assert len({p.mentee_id for p in result.pairs}) == len(result.pairs)
        everyone = set(mentors) | set(mentees)
        assert (
            set(result.unmatched) | {p.mentor_id for p in result.pairs} | {p.mentee_id for p in result.pairs}
            == everyone
        )


def test_scores_are_between_zero_and_one():
    rng = random.Random(1)
    scores = score_matrix(random_instance(rng, 30, 30))
    assert np.all(scores.total >= 0) and np.all(scores.total <= 1)


def test_a_cohort_with_nobody_on_one_side_leaves_everyone_unmatched_with_a_reason():
    result = run_match(MatchInput(mentors=[mentor(1)], mentees=[]))
    assert result.pairs == [] and result.unmatched == {1: "no mentee is available in this run"}
    result = run_match(MatchInput(mentors=[], mentees=[mentee(2, grade_name="Superintendent")]))
    assert result.unmatched == {2: "no mentor is available in this run"}


def test_mentors_are_told_the_mentees_were_left_out_not_that_none_is_senior_enough():
    """DHSC: every mentee was left out before the run; the mentors' reason must say so, not blame grades."""
    data = MatchInput(mentors=[mentor(1, grade_name="AA"), mentor(3, grade_name="AO")], mentees=[], min_gap=2)
    data.left_out_mentees = 4
    result = run_match(data)
    assert (
        result.unmatched[1] == "no mentee is available in this run (4 mentees are not in this run: see why beside each)"
    )
    data = MatchInput(mentors=[mentor(1, level=3, grade_name="HEO")], mentees=[mentee(2, level=4)], min_gap=2)
    data.left_out_mentees = 1
    assert run_match(data).unmatched[1] == (
        "no mentee in this run is at least 2 levels above HEO (1 mentee is not in this run: see why beside them)"
    )


def test_each_rule_that_keeps_someone_from_every_partner_is_named_with_how_many_it_rules_out():
    boss = mentee(2, level=6, topics=(RACE,))
    data = MatchInput(
        mentors=[
            mentor(1, line_manager_email=boss.email),
            mentor(3, avoid=frozenset({RACE})),
            mentor(5, avoid=frozenset({RACE})),
            mentor(7),
            mentor(9, level=6),  # not junior enough: not counted among those "junior enough"
        ],
        mentees=[boss],
        excluded=frozenset({(7, 2)}),
        topic_names=TOPICS,
    )
    result = run_match(data)
    assert result.unmatched[2] == (
        "none of the 4 mentors junior enough can be paired with them: 2 will not discuss race, this mentee's first "
        "topic; 1 is in their line-management chain; 1 was excluded by a lead"
    )
    assert result.unmatched[7] == "the only mentee senior enough was excluded by a lead"
    assert result.unmatched[9] == "no mentee in this run is at least 1 level above their grade"


def test_a_cohorts_grade_limits_are_named_as_the_reason():
    data = MatchInput(
        mentors=[mentor(1, level=3, grade_name="Inspector")],
        mentees=[mentee(2, level=4, grade_name="Chief Inspector"), mentee(4, level=3, grade_name="Inspector")],
        mentor_max_level=2,
        mentee_min_level=4,
    )
    result = run_match(data)
    assert result.unmatched[1] == "their grade, Inspector, is above this cohort's limit for mentors"
    assert result.unmatched[4] == "their grade, Inspector, is below this cohort's limit for mentees"


def test_a_mentor_who_will_not_discuss_a_lower_topic_is_flagged_and_scored_down():
    """Wiltshire: any of the mentee's topics, not only the first, is checked against the do-not-discuss list."""
    wants = mentee(2, topics=(RACE, DISABILITY, LGBT))
    avoids = mentor(1, topics=(RACE,), avoid=frozenset({DISABILITY}))
    alike = mentor(3, topics=(RACE,))
    result = run_match(MatchInput(mentors=[avoids, alike], mentees=[wants], topic_names=TOPICS))
    [pair] = result.pairs
    assert pair.mentor_id == 3 and pair.warning == ""
    alone = run_match(MatchInput(mentors=[avoids], mentees=[wants], topic_names=TOPICS))
    [pair] = alone.pairs
    assert pair.warning == "the mentor will not discuss disability (the mentee's topic 2 of 3)"
    assert pair.explanation.endswith("; check: " + pair.warning)
    scores = score_matrix(MatchInput(mentors=[avoids, alike], mentees=[wants], topic_names=TOPICS))
    assert scores.total[0, 0] < scores.total[1, 0]
    assert pair.parts["avoid"] < 1.0


def test_the_parts_of_a_fit_add_up_to_its_score():
    rng = random.Random(7)
    for _ in range(40):
        data = random_instance(rng, rng.randint(1, 5), rng.randint(1, 5))
        scores = score_matrix(data)
        w = data.weights
        total_weight = sum(getattr(w, key) for key in PARTS)
        for i in range(len(data.mentors)):
            for j in range(len(data.mentees)):
                parts = fit_parts(data, scores, i, j)
                assert set(parts) == set(PARTS)
                assert all(0 <= value <= 1 + 1e-9 for value in parts.values())
                weighted = sum(getattr(w, key) * parts[key] for key in PARTS) / total_weight
                assert abs(weighted - scores.total[i, j]) < 1e-9


def test_the_rules_named_for_a_pair_are_exactly_those_the_solver_applies():
    rng = random.Random(11)
    for _ in range(60):
        data = random_instance(rng, rng.randint(1, 5), rng.randint(1, 5))
        people = [*data.mentors, *data.mentees]
        data.line_managers = {rng.choice(people).email: rng.choice(people).email for _ in range(2)}
        data.previous_pairs = frozenset({(rng.choice(data.mentors).user_id, rng.choice(data.mentees).user_id)})
        data.mentor_max_level, data.mentee_min_level = rng.choice([None, 3]), rng.choice([None, 3])
        scores = score_matrix(data)
        for i in range(len(data.mentors)):
            for j in range(len(data.mentees)):
                assert (blocks(data, i, j) == []) == bool(scores.feasible[i, j])


def test_a_derbyshire_style_pair_meeting_in_person_at_the_same_station_is_explained_with_the_place():
    data = MatchInput(
        mentors=[mentor(1, topics=(LGBT,), format="in_person", location="Ripley HQ", directorate="Response")],
        mentees=[mentee(2, level=6, topics=(LGBT, RACE), format="in_person", location=" ripley hq",
                        directorate="Response", objectives="visible allies at work")],
        topic_names=TOPICS,
    )  # fmt: skip
    [pair] = run_match(data).pairs
    assert pair.explanation == (
        "shares 1 of 2 learning topics: sexual orientation; 5 levels apart; same directorate; "
        "both prefer in person at Ripley HQ"
    )
    elsewhere = MatchInput(
        mentors=[mentor(1, format="in_person", location="Buxton")],
        mentees=[mentee(2, format="in_person", location="Ripley HQ")],
    )
    scores = score_matrix(elsewhere)
    [pair] = run_match(elsewhere).pairs
    assert pair.explanation.endswith("both prefer in person")
    assert 0 < scores.total[0, 0] < 1
