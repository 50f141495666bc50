import itertools
import random

from evaluation.suppression import suppress


def shown(subgroups):
    return {name for name, v in subgroups.items() if v.shown}


def test_the_worked_example_hides_the_small_group_and_its_next_smallest_sibling():
    overall, groups = suppress(23, {"A": 10, "B": 7, "C": 5, "D": 1}, minimum=5)
    assert overall.shown
    assert shown(groups) == {"A", "B"}
    assert "fewer than 5" in groups["D"].reason
    assert "worked out from the total" in groups["C"].reason


def test_groups_of_four_are_hidden_and_groups_of_five_shown():
    _, groups = suppress(15, {"mentors": 5, "mentees": 5, "others": 5}, minimum=5)
    assert shown(groups) == {"mentors", "mentees", "others"}
    overall, _ = suppress(4, {"mentors": 2, "mentees": 2}, minimum=5)
    assert not overall.shown


def test_a_seven_pair_pilot_with_six_responses_still_gets_its_overall_result():
    overall, groups = suppress(6, {"mentor": 3, "mentee": 3}, minimum=5)
    assert overall.shown
    assert shown(groups) == set()


def test_the_minimum_is_never_below_three():
    overall, _ = suppress(2, {}, minimum=1)
    assert not overall.shown
    overall, _ = suppress(3, {}, minimum=1)
    assert overall.shown


def test_no_hidden_group_can_be_worked_out_by_subtraction_on_random_splits():
    rng = random.Random(7)
    for _ in range(2000):
        minimum = rng.randint(3, 8)
        counts = {f"g{i}": rng.randint(0, 15) for i in range(rng.randint(2, 5))}
        total = sum(counts.values())
        overall, groups = suppress(total, counts, minimum)
        hidden = [name for name, v in groups.items() if not v.shown]
        if not overall.shown:
            assert not shown(groups)
            continue
        for name in shown(groups):
            assert counts[name] >= minimum
        if hidden:
            # Total minus the shown groups reveals only the hidden groups together, never one alone.
            assert len(hidden) >= 2 or len(counts) == 1
            assert sum(counts[n] for n in hidden) >= minimum or not shown(groups)


def test_every_pair_of_shown_groups_is_independent_of_the_order_given():
    counts = {"A": 10, "B": 7, "C": 5, "D": 1}
    expected = shown(suppress(23, counts, 5)[1])
    for order in itertools.permutations(counts):
        assert shown(suppress(23, {k: counts[k] for k in order}, 5)[1]) == expected


def test_with_two_groups_hiding_one_hides_the_other_and_says_why():
    overall, groups = suppress(14, {"mentors": 10, "mentees": 4}, minimum=5)
    assert overall.shown
    assert not groups["mentees"].shown and "fewer than 5" in groups["mentees"].reason
    assert not groups["mentors"].shown and "worked out from the total" in groups["mentors"].reason


def test_a_group_nobody_answered_in_still_hides_its_sibling():
    overall, groups = suppress(6, {"mentors": 6, "mentees": 0}, minimum=5)
    assert overall.shown
    assert shown(groups) == set()


def test_a_higher_minimum_is_respected():
    _, groups = suppress(20, {"mentors": 12, "mentees": 8}, minimum=10)
    assert shown(groups) == set()
    _, groups = suppress(20, {"mentors": 10, "mentees": 10}, minimum=10)
    assert shown(groups) == {"mentors", "mentees"}
