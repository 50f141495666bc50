"""Access-matrix rows for the survey URLs (merged by remento/tests/test_access_matrix.py).

Leads of the cohort's programme build surveys; an invitation opens only for the person invited; everyone
else, steering members included, gets 404. The POST-only URLs' role tests are in test_survey_pages.py.
"""

from evaluation import services
from evaluation.tests.factories import template_survey
from remento.testing.world import ROLES

LEADS = {"lead": 200, "co_lead": 200}
POST_ONLY = dict.fromkeys(ROLES, 405)
SIGNED_IN = {role: 200 for role in ROLES if role != "anonymous"}

MATRIX = {
    "evaluation:surveys": (lambda w, f: [w.cohort.pk], LEADS),
    "evaluation:survey": (lambda w, f: [f["draft_survey"].pk], LEADS),
    "evaluation:survey_settings": (lambda w, f: [f["draft_survey"].pk], LEADS),
    "evaluation:survey_delete": (lambda w, f: [f["draft_survey"].pk], POST_ONLY),
    "evaluation:section_add": (lambda w, f: [f["draft_survey"].pk], POST_ONLY),
    "evaluation:question_add": (lambda w, f: [f["draft_survey"].pk], LEADS),
    "evaluation:survey_open": (lambda w, f: [f["draft_survey"].pk], POST_ONLY),
    "evaluation:survey_close": (lambda w, f: [f["draft_survey"].pk], POST_ONLY),
    "evaluation:question_edit": (lambda w, f: [f["draft_survey"].questions.first().pk], LEADS),
    "evaluation:question_delete": (lambda w, f: [f["draft_survey"].questions.first().pk], POST_ONLY),
    "evaluation:question_move": (lambda w, f: [f["draft_survey"].questions.first().pk], POST_ONLY),
    "evaluation:invitation": (lambda w, f: [f["mentor_invitation"].pk], {"mentor": 200}),
    "evaluation:answer": (lambda w, f: [], POST_ONLY),
    # The same page for everyone: it says nothing about who answered.
    "evaluation:thanks": (lambda w, f: [], SIGNED_IN),
}


def fixtures(world) -> dict:
    draft = template_survey(world.cohort)
    opened = template_survey(world.cohort)
    services.survey_open(survey_id=opened.pk)
    return {"draft_survey": draft, "mentor_invitation": opened.invitations.get(participant=world.objects["mentor"])}
