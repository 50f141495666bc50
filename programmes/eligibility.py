"""Who may take part in a programme in which role. A pure function, so the rule is tested directly."""


def ineligibility(
    *,
    role: str,
    level: int | None,
    grade_name: str = "",
    network_ids: set[int] | None = None,
    mentor_max_level: int | None,
    mentee_min_level: int | None,
    mentor_network_ids: set[int] = frozenset(),
    level_names: dict[int, str] | None = None,
) -> str | None:
    """Why this person cannot take part in this role, in words for them; None when they can.

    Mentors are junior (up to a level, optionally only from named staff
    networks); mentees are senior (from a level). An unknown grade is not a
    reason: it is asked for on the application form and checked there.
    """
    names = level_names or {}
    if role == "mentor":
        if mentor_max_level is not None and level is not None and level > mentor_max_level:
            example = f" (e.g. {names[mentor_max_level]})" if mentor_max_level in names else ""
            return (
                f"Mentors on this programme are at level {mentor_max_level}{example} or below; "
                f"your grade, {grade_name or 'as given'}, is level {level}."
            )
        if mentor_network_ids and network_ids is not None and not set(network_ids) & set(mentor_network_ids):
            return (
                "Mentors on this programme come from the staff networks it names; you have not said you belong to one."
            )
    elif role == "mentee" and mentee_min_level is not None and level is not None and level < mentee_min_level:
        example = f" (e.g. {names[mentee_min_level]})" if mentee_min_level in names else ""
        return (
            f"Mentees on this programme are at level {mentee_min_level}{example} or above; "
            f"your grade, {grade_name or 'as given'}, is level {level}."
        )
    return None


def programme_ineligibility(programme, *, role, grade=None, network_ids=None, level_names=None) -> str | None:
    return ineligibility(
        role=role,
        level=grade.level if grade else None,
        grade_name=grade.name if grade else "",
        network_ids=None if network_ids is None else set(network_ids),
        mentor_max_level=programme.mentor_max_level,
        mentee_min_level=programme.mentee_min_level,
        mentor_network_ids={n.pk for n in programme.mentor_networks.all()},
        level_names=level_names,
    )
