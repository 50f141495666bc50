"""The default survey: the questions the seed evaluations asked (Leicestershire, Derbyshire, ReMEDI).

Each question has a stable `code`, so a baseline survey and an end survey built
from this template can be compared question by question, as aggregates only.

It asks nothing Remento already records: "How many times did you meet?" used to
be here, and with the respondent's role every truthful answer matched one
pairing's logged meetings (issue 13). Meetings are reported from the logs
instead, and evaluation/identifying.py warns a lead who adds such a question.
"""

LIKERT_LABELS = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}
YES_NO_UNDECIDED = [("yes", "Yes"), ("no", "No"), ("undecided", "Undecided")]

# (section title, [(code, text, kind, theme, level, required)])
DEFAULT_TEMPLATE = [
    (
        "The scheme",
        [
            ("purpose_clear", "I was clear on the purpose of the scheme", "likert", "process", "reaction", True),
            ("briefings_suitable", "The briefings and training were suitable", "likert", "process", "reaction", True),
        ],
    ),
    (
        "Your meetings",
        [
            (
                "honest_conversations",
                "I was able to have meaningful and honest conversations",
                "likert",
                "conversations",
                "reaction",
                True,
            ),
            ("protected_time", "Would protected time to meet have helped?", "yes_no", "time", "reaction", True),
        ],
    ),
    (
        "What changed",
        [
            (
                "behaviour_change",
                "Will you change your behaviour or work as a result?",
                "yes_no",
                "impact",
                "behaviour",
                True,
            ),
            ("benefits", "What benefits did you gain?", "text", "benefits", "results", False),
            (
                "learning",
                "What did you learn, and what best practice would you share?",
                "text",
                "learning",
                "learning",
                False,
            ),
        ],
    ),
    (
        "Looking ahead",
        [
            ("improvements", "What should we improve?", "text", "improvements", "reaction", False),
            ("recommend", "Would you recommend the scheme to colleagues?", "yes_no", "process", "reaction", True),
        ],
    ),
]
