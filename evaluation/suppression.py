"""Which groups' results may be shown: the minimum reporting group, with complementary suppression.

Pure functions over counts, so the rule can be tested on worked examples and
used by every page, export and report alike.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ABSOLUTE_MINIMUM = 3


@dataclass(frozen=True)
class Visibility:
    shown: bool
    reason: str = ""


def suppress(total: int, subgroups: Mapping[str, int], minimum: int) -> tuple[Visibility, dict[str, Visibility]]:
    """Decide what may be shown for a total and its sibling subgroups (e.g. mentors and mentees).

    A group is shown only when at least `minimum` (never below 3) people are in it.
    When any subgroup is hidden, more siblings are hidden, smallest first, until at
    least two are hidden and the hidden ones together hold at least `minimum` people:
    otherwise a hidden group could be worked out by subtracting the shown ones from
    the total. If the total itself is too small, everything is hidden.
    """
    minimum = max(minimum, ABSOLUTE_MINIMUM)
    too_few = f"Hidden: fewer than {minimum} people answered, so answers could identify someone."
    if total < minimum:
        return Visibility(False, too_few), {name: Visibility(False, too_few) for name in subgroups}

    result = {name: Visibility(True) for name in subgroups}
    hidden = {name for name, count in subgroups.items() if count < minimum}
    for name in hidden:
        result[name] = Visibility(False, too_few)
    if hidden:
        visible = sorted((count, name) for name, count in subgroups.items() if name not in hidden)
        while visible and (len(hidden) < 2 or sum(subgroups[n] for n in hidden) < minimum):
            _, name = visible.pop(0)
            hidden.add(name)
            result[name] = Visibility(
                False, "Hidden too, so that a smaller hidden group cannot be worked out from the total."
            )
    return Visibility(True), result


def has_small_cell(counts: Iterable[int], minimum: int) -> bool:
    """True when a cross-tabulation (answers by role) has a cell of 1 to `minimum` - 1 people: it would show what
    that handful answered, which anyone who knows them through other data ("Are pairs meeting?") could match."""
    minimum = max(minimum, ABSOLUTE_MINIMUM)
    return any(0 < count < minimum for count in counts)
