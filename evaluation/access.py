"""Access helpers for surveys and results. Each answers 404 for "doesn't exist" and "not yours" alike."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from evaluation.models import Answer, Certificate, Invitation, Question, Survey, Testimonial
from programmes.access import _require_user
from programmes.models import Cohort, ProgrammeRole


def survey_for_lead(request, survey_id) -> Survey:
    _require_user(request)
    return get_object_or_404(
        Survey.objects.select_related("cohort__programme__organisation"),
        pk=survey_id,
        cohort__programme__roles__user=request.user,
        cohort__programme__roles__role=ProgrammeRole.Role.LEAD,
    )


# --- Results: dashboards, reports, quote moderation, certificates ---------------------------------


def cohort_for_results(request, cohort_id) -> Cohort:
    """A cohort whose aggregate results the requester may read: a steering member or a lead of its programme."""
    _require_user(request)
    # Among the programmes the requester has a role in (lead or steering), as a subquery: a join on the roles
    # would need DISTINCT for someone who both leads and oversees a programme.
    programmes = ProgrammeRole.objects.filter(user=request.user).values("programme")
    return get_object_or_404(
        Cohort.objects.select_related("programme__organisation"), pk=cohort_id, programme__in=programmes
    )


def answer_for_moderation(cohort, answer_id) -> Answer | None:
    """A free-text answer in `cohort` (already checked as the requester's to lead) to approve or reject as a quote.

    None when there is no such answer there, so the view can say why in its 404: the reseal at close gives
    every answer a fresh id, and a moderation page opened just before it names ids that are gone. Ids from
    elsewhere get the same answer, so nothing is learnt from trying them.
    """
    return (
        Answer.objects.select_related("question")
        .filter(pk=answer_id, question__kind="text", question__survey__cohort=cohort)
        .first()
    )


def certificate_for_reader(request, certificate_id) -> Certificate:
    """A certificate for the person it was issued to, or a lead of the programme printing it for the celebration."""
    _require_user(request)
    led = Q(
        participant__cohort__programme__roles__user=request.user,
        participant__cohort__programme__roles__role=ProgrammeRole.Role.LEAD,
    )
    return get_object_or_404(
        Certificate.objects.select_related("participant__user", "participant__cohort__programme__organisation")
        .filter(Q(participant__user=request.user) | led)
        .distinct(),
        pk=certificate_id,
    )


# --- Surveys: building (leads) and answering (the invited participant) ------------------------------


def question_for_lead(request, question_id):
    _require_user(request)
    return get_object_or_404(
        Question.objects.select_related("survey__cohort__programme"),
        pk=question_id,
        survey__cohort__programme__roles__user=request.user,
        survey__cohort__programme__roles__role=ProgrammeRole.Role.LEAD,
    )


def own_invitation(request, invitation_id):
    """The requester's own invitation to a survey: nobody else's, whatever their role."""
    _require_user(request)
    return get_object_or_404(
        Invitation.objects.select_related("survey__cohort__programme", "participant"),
        pk=invitation_id,
        participant__user=request.user,
    )


def own_invitation_or_none(request, invitation_id):
    """The requester's own invitation, or None, for a form that names one (the answer form's fallback)."""
    _require_user(request)
    return (
        Invitation.objects.select_related("survey__cohort__programme", "participant")
        .filter(pk=invitation_id, participant__user=request.user)
        .first()
    )


def own_invitation_for_token(request, token: str):
    """The requester's own invitation whose current form token this is, or None (tampered, or replaced by a
    newer form): the page then explains, rather than showing an error."""
    from evaluation.services import token_hash  # services imports notifications; keep access light

    _require_user(request)
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("survey__cohort__programme", "participant")
        .filter(token_hash=token_hash(token), participant__user=request.user)
        .first()
    )


# --- Named testimonials ------------------------------------------------------------------------------------------


def testimonial_for_lead(cohort, testimonial_id) -> Testimonial:
    """A testimonial offered in `cohort` (already checked as the requester's to lead)."""
    return get_object_or_404(Testimonial.objects.select_related("participant__cohort"), pk=testimonial_id,
                             participant__cohort=cohort)  # fmt: skip
