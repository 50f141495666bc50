"""Writes behind the results pages: quote moderation, completion and certificates, named testimonials."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.models import Answer, Certificate, CompletionDecision, Survey, Testimonial
from evaluation.selectors import comments_visibility
from evaluation.selectors_results import testimonials_can_change
from programmes.models import Cohort, Participant


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
    deleted, _per_model = Certificate.objects.filter(
        Q(participant__cohort=cohort) & Q(participant__in=participant_ids)
    ).delete()
    return deleted


@transaction.atomic
def completion_decide(*, cohort: Cohort, participant_ids: list[int], completed: bool | None, decided_by) -> int:
    """Record a lead's explicit choice that these participants of this cohort have (or have not) completed the
    programme, which then counts whatever the programme's rule says; `completed=None` takes the choice back, so
    the rule decides again. Ids from elsewhere change nothing. Returns how many people it changed.
    """
    participants = list(cohort.participants.filter(pk__in=participant_ids).values_list("pk", flat=True))
    if completed is None:
        deleted, _per_model = CompletionDecision.objects.filter(participant_id__in=participants).delete()
        return deleted
    now = timezone.now()
    CompletionDecision.objects.bulk_create(
        [CompletionDecision(participant_id=pk, completed=completed, decided_by=decided_by, decided_at=now)
         for pk in participants],
        update_conflicts=True,
        unique_fields=["participant"],
        update_fields=["completed", "decided_by", "decided_at"],
    )  # fmt: skip
    return len(participants)


# --- Named testimonials ----------------------------------------------------------------------------------------


def _require_open(cohort: Cohort) -> None:
    if not testimonials_can_change(cohort):
        raise ValidationError(
            _("Testimonials can be offered, changed and approved while the cohort is active or being evaluated.")
        )


@transaction.atomic
def testimonial_offer(*, participant: Participant, text: str, shown_name: str, job_title: str) -> Testimonial:
    """Offer (or change) a participant's named testimonial, with their consent to be named, for a lead to approve.

    Only someone taking part (accepted) in a cohort whose report is not issued yet (not closed). A change to an
    approved testimonial sends it back to the leads: they approve words, not a person.
    """
    _require_open(participant.cohort)
    if participant.status != Participant.Status.ACCEPTED:
        raise ValidationError(_("Only people taking part in the cohort can offer a testimonial."))
    testimonial = Testimonial.objects.select_for_update().filter(participant=participant).first()
    testimonial = testimonial or Testimonial(participant=participant)
    unchanged = testimonial.pk and (testimonial.text, testimonial.shown_name, testimonial.job_title) == (
        text,
        shown_name,
        job_title,
    )
    testimonial.text, testimonial.shown_name, testimonial.job_title = text, shown_name, job_title
    testimonial.consent_at = timezone.now()
    if not (unchanged and testimonial.status == Testimonial.Status.APPROVED):
        testimonial.status = Testimonial.Status.PENDING
        testimonial.decided_by = testimonial.decided_at = None
    testimonial.full_clean()
    testimonial.save()
    return testimonial


@transaction.atomic
def testimonial_withdraw(*, participant: Participant) -> bool:
    """Withdraw consent: the testimonial stops showing at once and its words, name and job title are deleted.

    Possible until the report is issued (the cohort closes). False when there was nothing to withdraw.
    """
    _require_open(participant.cohort)
    return bool(
        Testimonial.objects.filter(participant=participant)
        .exclude(status=Testimonial.Status.WITHDRAWN)
        .update(
            status=Testimonial.Status.WITHDRAWN,
            text="",
            shown_name="",
            job_title="",
            consent_at=None,
            decided_by=None,
            decided_at=None,
        )
    )


DECISIONS = {
    "approved": Testimonial.Status.APPROVED,
    "declined": Testimonial.Status.DECLINED,
    "pending": Testimonial.Status.PENDING,
}


@transaction.atomic
def testimonial_decide(*, testimonial: Testimonial, decision: str, decided_by) -> Testimonial:
    """A lead approves a testimonial (steering members then see it, named), does not use it, or takes the decision
    back. Only while its author's consent stands and the report is not issued yet."""
    status = DECISIONS.get(decision)
    if status is None:
        raise ValidationError(_("Choose approve, do not use, or undo."))
    testimonial = Testimonial.objects.select_for_update().select_related("participant__cohort").get(pk=testimonial.pk)
    _require_open(testimonial.participant.cohort)
    if testimonial.status == Testimonial.Status.WITHDRAWN or testimonial.consent_at is None:
        raise ValidationError(_("Its author has withdrawn this testimonial."))
    testimonial.status = status
    pending = status == Testimonial.Status.PENDING
    testimonial.decided_by = None if pending else decided_by
    testimonial.decided_at = None if pending else timezone.now()
    testimonial.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return testimonial
