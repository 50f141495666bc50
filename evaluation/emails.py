"""The kinds of email the survey part of evaluation sends. Neither carries a token: see docs/anonymity.md."""

from notifications.kinds import Kind, register


def _not_answered_and_open(notification) -> bool:
    """Asked before a retry or a late send: no point asking someone who answered, or once the survey closed."""
    from evaluation.models import Invitation, Survey

    return Invitation.objects.filter(pk=notification.subject_id, used=False, survey__status=Survey.Status.OPEN).exists()


SURVEY_INVITATION = register(
    Kind(
        "survey_invitation",
        reason="your programme lead asked you for anonymous feedback on your programme",
        still_current=_not_answered_and_open,
    )
).name
SURVEY_REMINDER = register(
    Kind(
        "survey_reminder",
        reason="you have not yet answered an anonymous survey about your programme",
        optional=True,
        label="Reminders to answer a survey",
        still_current=_not_answered_and_open,
    )
).name
