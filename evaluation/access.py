"""Access helpers for surveys and results. Each answers 404 for "doesn't exist" and "not yours" alike."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from evaluation.models import Answer, Certificate, Survey
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
    return get_object_or_404(
        Cohort.objects.select_related("programme__organisation").distinct(),
        pk=cohort_id,
        programme__roles__user=request.user,
    )


def answer_for_moderation(request, answer_id) -> Answer:
    """A free-text answer a lead of its programme may approve or reject as a quote."""
    _require_user(request)
    return get_object_or_404(
        Answer.objects.select_related("question__survey__cohort__programme"),
        pk=answer_id,
        question__kind="text",
        question__survey__cohort__programme__roles__user=request.user,
        question__survey__cohort__programme__roles__role=ProgrammeRole.Role.LEAD,
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
