from programmes.eligibility import ineligibility

POLICE = {"mentor_max_level": 2, "mentee_min_level": 4, "level_names": {2: "Sergeant", 4: "Chief Inspector"}}


def test_constables_and_sergeants_may_mentor_chief_inspectors_and_above():
    assert ineligibility(role="mentor", level=1, **POLICE) is None
    assert ineligibility(role="mentor", level=2, **POLICE) is None
    assert ineligibility(role="mentee", level=4, **POLICE) is None
    assert ineligibility(role="mentee", level=9, **POLICE) is None


def test_an_inspector_is_told_why_they_cannot_mentor_or_be_mentored_in_grades_not_levels():
    reason = ineligibility(role="mentor", level=3, grade_name="Inspector", **POLICE)
    assert (
        reason == "Mentors in this cohort are Sergeant or a more junior grade; your grade, Inspector, is more senior."
    )
    reason = ineligibility(role="mentee", level=3, grade_name="Inspector", **POLICE)
    assert (
        reason
        == "Mentees in this cohort are Chief Inspector or a more senior grade; your grade, Inspector, is more junior."
    )
    lead_reads = ineligibility(role="mentee", level=3, grade_name="Inspector", for_lead=True, **POLICE)
    assert "their grade, Inspector, is more junior" in lead_reads


def test_a_level_without_a_grade_name_is_still_explained():
    reason = ineligibility(role="mentor", level=3, grade_name="Inspector", mentor_max_level=2, mentee_min_level=None)
    assert reason == "Mentors in this cohort are at seniority level 2 or below; your grade, Inspector, is level 3."


def test_a_board_programme_takes_mentors_only_from_its_named_network():
    rule = {"mentor_max_level": None, "mentee_min_level": None, "mentor_network_ids": {7}}
    assert ineligibility(role="mentor", level=2, network_ids={7, 9}, **rule) is None
    assert "staff networks" in ineligibility(role="mentor", level=2, network_ids={9}, **rule)
    assert ineligibility(role="mentee", level=8, network_ids=set(), **rule) is None


def test_an_unknown_grade_is_asked_for_later_not_refused():
    assert ineligibility(role="mentor", level=None, **POLICE) is None
    assert ineligibility(role="mentor", level=1, mentor_network_ids={7}, network_ids=None, **POLICE) is None
