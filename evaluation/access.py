"""Access helpers for surveys and results. Each answers 404 for "doesn't exist" and "not yours" alike."""

from django.shortcuts import get_object_or_404

from evaluation.models import Survey
from programmes.access import _require_user
from programmes.models import ProgrammeRole


def survey_for_lead(request, survey_id) -> Survey:
    _require_user(request)
    return get_object_or_404(
        Survey.objects.select_related("cohort__programme__organisation"),
        pk=survey_id,
        cohort__programme__roles__user=request.user,
        cohort__programme__roles__role=ProgrammeRole.Role.LEAD,
    )
