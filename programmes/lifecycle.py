"""The cohort lifecycle: which move comes next, and why it may not happen yet.

Pure functions over counts, so each guard reads as the rule a lead is told.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

ORDER = ["draft", "recruiting", "matching", "active", "evaluating", "closed"]
BUTTON = {
    "recruiting": "Open recruitment",
    "matching": "Close recruitment and start matching",
    "active": "Start the programme",
    "evaluating": "Start the evaluation",
    "closed": "Close the cohort",
}


@dataclass(frozen=True)
class CohortFacts:
    status: str
    accepted_mentors: int
    accepted_mentees: int
    ready_mentors: int
    ready_mentees: int
    # Accepted people who have not attended training that the programme requires of their role.
    untrained_accepted: int
    training_required: bool
    next_steps_recorded: bool
    # Introduced or active pairings (published by matching).
    current_pairings: int = 0


def next_status(status: str) -> str | None:
    index = ORDER.index(status)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def blocker(facts: CohortFacts) -> str | None:
    """Why the cohort cannot move to its next stage yet, in words for the lead; None when it can."""
    target = next_status(facts.status)
    if target is None:
        return "This cohort is closed. Start a new cohort to carry on."
    if target == "matching" and (facts.accepted_mentors == 0 or facts.accepted_mentees == 0):
        counts = (("mentor", facts.accepted_mentors), ("mentee", facts.accepted_mentees))
        missing = [role for role, count in counts if not count]
        return f"Accept at least one {' and one '.join(missing)} before matching."
    if target == "active" and (facts.ready_mentors == 0 or facts.ready_mentees == 0):
        return "Mark at least one mentor and one mentee as ready to match before starting."
    if target == "active" and not facts.current_pairings:
        return "Run a match and publish it (Matching) before starting the programme."
    if target == "closed" and not facts.next_steps_recorded:
        return "Record the next-steps decision (continue, roll out, discontinue or other) before closing."
    return None


def warning(facts: CohortFacts) -> str | None:
    """Something the lead should know before moving on, without stopping them."""
    if next_status(facts.status) != "matching":
        return None
    notes = []
    not_ready = facts.accepted_mentors + facts.accepted_mentees - facts.ready_mentors - facts.ready_mentees
    if not_ready:
        notes.append(
            _(
                "%(count)s accepted participant(s) are not marked ready to match; matching leaves them out until "
                "you mark them ready."
            )
            % {"count": not_ready}
        )
    if facts.training_required and facts.untrained_accepted:
        # untrained_accepted counts only the roles the programme requires training of.
        notes.append(
            _(
                "%(count)s accepted participant(s) have not attended the training this programme requires of "
                "their role, so they will not be matched yet."
            )
            % {"count": facts.untrained_accepted}
        )
    return " ".join(notes) or None
