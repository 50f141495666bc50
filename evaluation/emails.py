"""The kinds of email the survey part of evaluation sends. Neither carries a token: see docs/anonymity.md."""

from notifications.kinds import Kind, register

SURVEY_INVITATION = register(
    Kind("survey_invitation", reason="your programme lead asked you for anonymous feedback on your programme")
).name
SURVEY_REMINDER = register(
    Kind(
        "survey_reminder",
        reason="you have not yet answered an anonymous survey about your programme",
        optional=True,
        label="Reminders to answer a survey",
    )
).name
