"""Writes behind the results pages: quote moderation and certificates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from evaluation.models import Answer, Certificate, Survey
from evaluation.selectors import comments_visibility
from programmes.models import Cohort


@transaction.atomic
def answer_moderate(*, answer: Answer, decision: str) -> bool:
    """Approve or reject a free-text answer as a quote, only once its survey has closed and its question has
    enough answers to show any. False when the answer is no longer there: a reseal gave it a new id.

    Below the bar a lead could otherwise read, and steering members see, a comment from a group so small
    that it points to its author.
    """
    if decision not in Answer.Quote.values:
        raise ValidationError("Choose approve, reject or undo.")
    # The reseal holds this lock while it rewrites the answers: a decision waits for it to finish (and then
    # finds the old id gone) or is made first (and the reseal carries it over). Never lost in between.
    survey = Survey.objects.select_for_update().select_related("cohort__programme").get(pk=answer.question.survey_id)
    if survey.status != Survey.Status.CLOSED:
        raise ValidationError("Comments can be chosen as quotes once the survey closes.")
    answered = answer.question.answers.exclude(text="").count()
    if not comments_visibility(answered, survey, survey.cohort.programme).shown:
        raise ValidationError("Too few people have answered this question for its comments to be read yet.")
    if not Answer.objects.filter(pk=answer.pk).update(quote=decision):
        return False
    answer.quote = decision
    return True


@transaction.atomic
def certificates_issue(*, cohort: Cohort, participant_ids: list[int], issued_by, issued_on=None) -> int:
    """Issue certificates to these participants of this cohort (ids from elsewhere change nothing). Idempotent."""
    participants = cohort.participants.filter(pk__in=participant_ids, certificate__isnull=True)
    issued_on = issued_on or timezone.localdate()
    created = Certificate.objects.bulk_create(
        [Certificate(participant=p, issued_on=issued_on, issued_by=issued_by) for p in participants],
        ignore_conflicts=True,
    )
    return len(created)


def certificates_withdraw(*, cohort: Cohort, participant_ids: list[int]) -> int:
    """Take back certificates issued by mistake (the lead adjusts person by person)."""
    deleted, _ = Certificate.objects.filter(Q(participant__cohort=cohort) & Q(participant__in=participant_ids)).delete()
    return deleted
