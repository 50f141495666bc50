from programmes.lifecycle import CohortFacts, blocker, next_status, warning


def facts(**overrides):
    base = dict(
        status="recruiting",
        accepted_mentors=3,
        accepted_mentees=2,
        ready_mentors=3,
        ready_mentees=2,
        untrained_accepted=0,
        training_required=False,
        next_steps_recorded=False,
    )
    return CohortFacts(**{**base, **overrides})


def test_the_stages_run_from_draft_to_closed():
    stages = ["draft"]
    while (following := next_status(stages[-1])) is not None:
        stages.append(following)
    assert stages == ["draft", "recruiting", "matching", "active", "evaluating", "closed"]


def test_matching_needs_an_accepted_mentee_and_says_so():
    assert blocker(facts(accepted_mentees=0)) == "Accept at least one mentee before matching."
    assert blocker(facts(accepted_mentors=0, accepted_mentees=0)) == (
        "Accept at least one mentor and one mentee before matching."
    )
    assert blocker(facts()) is None


def test_starting_needs_people_ready_to_match():
    assert "ready to match" in blocker(facts(status="matching", ready_mentees=0))
    assert blocker(facts(status="matching", current_pairings=1)) is None


def test_starting_needs_a_published_match():
    assert "publish it" in blocker(facts(status="matching", current_pairings=0))
    assert blocker(facts(status="matching", current_pairings=3)) is None


def test_closing_needs_a_next_steps_decision():
    assert "next-steps decision" in blocker(facts(status="evaluating"))
    assert blocker(facts(status="evaluating", next_steps_recorded=True)) is None
    assert "closed" in blocker(facts(status="closed"))


def test_a_lead_is_warned_but_not_stopped_when_people_missed_required_training():
    assert "2 accepted participant(s) have not attended the training this programme requires of their role" in (
        warning(facts(training_required=True, untrained_accepted=2))
    )
    assert warning(facts(training_required=False, untrained_accepted=2)) is None
    assert blocker(facts(training_required=True, untrained_accepted=2)) is None


def test_a_lead_is_warned_that_people_not_marked_ready_will_not_be_matched():
    said = warning(facts(ready_mentors=2, ready_mentees=1))
    assert "2 accepted participant(s) are not marked ready to match; matching leaves them out" in said
    assert blocker(facts(ready_mentors=2, ready_mentees=1)) is None
