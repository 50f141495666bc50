"""Who may take part in a cohort in which role. A pure function, so the rule is tested directly.

A cohort follows its programme's rule unless it has its own (Cohort.rules): a second wave run by another staff
network with other grades sets its own without changing what earlier cohorts were judged by.
"""

from django.utils.translation import gettext as _


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
    for_lead: bool = False,
) -> str | None:
    """Why this person cannot take part in this role, in words for them (for_lead: about them); None if they can.

    Mentors are junior (up to a level, optionally only from named staff
    networks); mentees are senior (from a level). An unknown grade is not a
    reason: it is asked for on the application form and checked there.
    """
    names = level_names or {}
    name = grade_name or _("as given")
    grade = (_("their grade, %(name)s,") if for_lead else _("your grade, %(name)s,")) % {"name": name}
    if role == "mentor":
        if mentor_max_level is not None and level is not None and level > mentor_max_level:
            if mentor_max_level in names:
                return _("Mentors in this cohort are %(grades)s or a more junior grade; %(grade)s is more senior.") % {
                    "grades": names[mentor_max_level],
                    "grade": grade,
                }
            return _(
                "Mentors in this cohort are at seniority level %(limit)s or below; %(grade)s is level %(level)s."
            ) % {
                "limit": mentor_max_level,
                "grade": grade,
                "level": level,
            }
        if mentor_network_ids and network_ids is not None and not set(network_ids) & set(mentor_network_ids):
            if for_lead:
                return _("Mentors in this cohort come from the staff networks it names; they belong to none of them.")
            return _(
                "Mentors in this cohort come from the staff networks it names; you have not said you belong to one."
            )
    elif role == "mentee" and mentee_min_level is not None and level is not None and level < mentee_min_level:
        if mentee_min_level in names:
            return _("Mentees in this cohort are %(grades)s or a more senior grade; %(grade)s is more junior.") % {
                "grades": names[mentee_min_level],
                "grade": grade,
            }
        return _("Mentees in this cohort are at seniority level %(limit)s or above; %(grade)s is level %(level)s.") % {
            "limit": mentee_min_level,
            "grade": grade,
            "level": level,
        }
    return None


def cohort_ineligibility(
    cohort, *, role, grade=None, network_ids=None, level_names=None, for_lead: bool = False
) -> str | None:
    """The cohort's rule (its own, or its programme's) applied to one person."""
    rules = cohort.rules
    return ineligibility(
        role=role,
        level=grade.level if grade else None,
        grade_name=grade.name if grade else "",
        network_ids=None if network_ids is None else set(network_ids),
        mentor_max_level=rules.mentor_max_level,
        mentee_min_level=rules.mentee_min_level,
        # Networks are checked only when the person's are known (not at an invitation): no query otherwise.
        mentor_network_ids=set() if network_ids is None else {n.pk for n in rules.mentor_networks.all()},
        level_names=level_names,
        for_lead=for_lead,
    )


def rule_in_words(rules, level_names: dict[int, str]) -> dict[str, str]:
    """A rule (a cohort's own or a programme's) as people say it, naming grades rather than levels.

    {"mentors": "Sergeant / Scale 4–6 or a more junior grade, from the BAME Network", "mentees": "…",
    "both": "mentors …; mentees …."}
    """
    top, bottom = rules.mentor_max_level, rules.mentee_min_level
    if top is None:
        mentors = _("any grade")
    elif top in level_names:
        mentors = _("%(grades)s or a more junior grade") % {"grades": level_names[top]}
    else:
        mentors = _("seniority level %(level)s or below") % {"level": top}
    networks = [n.name for n in rules.mentor_networks.all()]
    if networks:
        mentors = _("%(grades)s, from %(networks)s") % {"grades": mentors, "networks": _(" or ").join(networks)}
    if bottom is None:
        mentees = _("any grade")
    elif bottom in level_names:
        mentees = _("%(grades)s or a more senior grade") % {"grades": level_names[bottom]}
    else:
        mentees = _("seniority level %(level)s or above") % {"level": bottom}
    both = _("mentors %(mentors)s; mentees %(mentees)s.") % {"mentors": mentors, "mentees": mentees}
    return {"mentors": mentors, "mentees": mentees, "both": both}
