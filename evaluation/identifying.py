"""Survey questions whose answers could be matched against what Remento records about people.

A response keeps only the respondent's role, but an answer that repeats something the app holds for each person
or pairing (how many meetings a pair logged, how they met, a grade, a directorate, who went to which training)
can be matched back to that record in the same database, and then every other answer in the response is that
person's: issue 13 found every truthful answer to "How many times did you meet?" matched one pairing's logged
count. So the survey builder shows these warnings beside such a question, and the default template asks none of
them. They warn; nothing is blocked (a lead may need the question and ask it in broad bands).
"""

import re

from django.db.models import Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluation.models import Question
from meetings.models import Meeting
from programmes.models import Directorate, Grade, StaffNetwork, Topic

# What Remento records about people or pairings, as a lead would read it in a warning.
RECORDED = {
    "meetings": gettext_lazy("how many meetings each pair logged, how long they were and when they were held"),
    "how_met": gettext_lazy("how each pair met (in person, online, by phone) and what they did together"),
    "actions": gettext_lazy("the actions each pair agreed and closed"),
    "grades": gettext_lazy("each participant’s grade"),
    "directorates": gettext_lazy("each participant’s directorate"),
    "networks": gettext_lazy("the staff networks each participant belongs to"),
    "characteristics": gettext_lazy("the characteristics people shared for matching, and the topics pairs discussed"),
    "events": gettext_lazy("who attended each briefing, training and peer-support session"),
    "pairings": gettext_lazy("which pairings were re-matched or ended early"),
    "dates": gettext_lazy("when each person applied, was paired and signed the agreement"),
    "next_cohort": gettext_lazy("who chose to take part in the next cohort"),
}

HOW_MANY = r"\b(how (many|often|long|frequently|much time)|number of|hours?|minutes?)\b"
MEETING = r"\b(meet|meets|met|meeting|meetings|sessions?|spoke|speak|talk(ed)?)\b"
CHARACTERISTIC = (
    r"\b(ethnic\w*|race|gender|sex|sexuality|sexual orientation|disab\w*|religio\w*|belief|age|pregnan\w*|married|"
    r"marriage|civil partner\w*|transgender|trans|neurodiver\w*|carer|caring responsibilities|veteran|lgbt\w*)\b"
)
# (what the question's text matches, the key in RECORDED of what an answer would repeat)
TEXT_RULES = [
    (rf"{HOW_MANY}.*{MEETING}|{MEETING}.*{HOW_MANY}", "meetings"),
    (r"\bwhen did you (first |last )?(meet|speak|talk)\b", "meetings"),
    (r"\b(how|where) did you (mostly |usually )?meet\b", "how_met"),
    (rf"\b(in person|online|face[- ]to[- ]face|video|phone)\b.*{MEETING}", "how_met"),
    (r"\bwhat did you do together\b|\bactivit(y|ies)\b", "how_met"),
    (rf"{HOW_MANY}.*\bactions?\b", "actions"),
    (r"\b(grade|rank|pay band|seniority|job title)\b", "grades"),
    (r"\b(directorate|department|division|service area|business unit|which team|your team)\b", "directorates"),
    (r"\bstaff networks?\b|\bwhich networks?\b", "networks"),
    (rf"\b(your|are you|do you (identify|consider))\b.*{CHARACTERISTIC}", "characteristics"),
    (r"\b(attend\w*|go to|went to|were you at|come to)\b.*\b(training|briefings?|peer[- ]support|celebration)",
     "events"),
    (r"\b(re-?match\w*|new (mentor|mentee|partner)|change (your |of )?(mentor|mentee|partner)|end(ed)? early)\b",
     "pairings"),
    (r"\b(when did you (join|start|apply|sign)|how long have you been|sign(ed)? the agreement)\b", "dates"),
    (r"\b(take part again|next cohort|continue (in|into|with) (the|another|a) )", "next_cohort"),
]  # fmt: skip
TEXT_RULES = [(re.compile(pattern), key) for pattern, key in TEXT_RULES]


def recorded_names(organisation) -> dict:
    """{what Remento records (a key of RECORDED): {names, lower case}} that a question's choices might repeat."""
    by_kind = {"grade": "grades", "directorate": "directorates", "network": "networks", "topic": "characteristics"}

    def named(model, kind):  # unordered: a union's parts may not be ordered
        rows = model.objects.filter(organisation=organisation).annotate(kind=Value(kind)).values_list("kind", "name")
        return rows.order_by()

    rows = named(Grade, "grade").union(
        named(Directorate, "directorate"), named(StaffNetwork, "network"), named(Topic, "topic"), all=True
    )
    names = {key: set() for key in by_kind.values()}
    names["how_met"] = {label.lower() for label in [*Meeting.Format.labels, *Meeting.Activity.labels]}
    for kind, name in rows:
        names[by_kind[kind]].add(name.lower())
    return names


def question_warnings(question: Question, recorded: dict | None = None) -> list[str]:
    """What a lead should know before asking this question: what Remento already records that its answers could
    be matched against, and whether it asks for an exact number."""
    text = question.text.lower()
    matched = [key for pattern, key in TEXT_RULES if pattern.search(text)]
    choices = {choice.lower().strip() for choice in question.choices or []}
    matched += [key for key, names in (recorded or {}).items() if choices & names]
    warnings = [
        _(
            "Remento already records %(what)s. With the respondent’s role, an answer to this question could be "
            "matched to that record, and then every answer in the response would be known to be that person’s. "
            "Report it from what Remento holds instead, or leave it out."
        )
        % {"what": RECORDED[key]}
        for key in dict.fromkeys(matched)
    ]
    if question.kind == Question.Kind.NUMBER:
        warnings.append(
            _(
                "An exact number can single someone out. If you need a number, ask in bands with “One choice” "
                "(for example: none, 1 to 2, 3 to 5, 6 or more)."
            )
        )
    return warnings


def annotate_warnings(questions, organisation) -> None:
    """Give each question a `warnings` list (for the survey builder), reading the organisation's names once."""
    recorded = recorded_names(organisation)
    for question in questions:
        question.warnings = question_warnings(question, recorded)
