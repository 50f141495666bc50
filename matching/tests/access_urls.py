"""Access-matrix rows for matching's URLs (merged by remento/tests/test_access_matrix.py).

POST-only URLs answer 405 to every GET; their POSTs are tested per role in test_access.py.
"""

from matching.models import MatchRun, ProposedPair
from remento.testing.world import ROLES

LEADS = {"lead": 200, "co_lead": 200}
PARTNERS = {"mentor": 200, "mentee": 200}
POST_ONLY = dict.fromkeys(ROLES, 405)

MATRIX = {
    "matching:cohort": (lambda w, f: [w.cohort.pk], LEADS),
    "matching:run_create": (lambda w, f: [w.cohort.pk], POST_ONLY),
    "matching:manual_pair": (lambda w, f: [f["run"].pk], LEADS),
    "matching:run_publish": (lambda w, f: [f["run"].pk], POST_ONLY),
    "matching:pair_lock": (lambda w, f: [f["proposed_pair"].pk], POST_ONLY),
    "matching:pair_exclude": (lambda w, f: [f["proposed_pair"].pk], POST_ONLY),
    "matching:pairings": (lambda w, f: [w.cohort.pk], LEADS),
    "matching:pairing_end": (lambda w, f: [w.objects["pairing"].pk], LEADS),
    "matching:rapport": (lambda w, f: [w.objects["pairing"].pk], POST_ONLY),
    "matching:sign": (lambda w, f: [w.objects["pairing"].pk], POST_ONLY),
    "matching:concern": (lambda w, f: [w.objects["pairing"].pk], PARTNERS),
    "matching:pairing_end_without_fault": (lambda w, f: [w.objects["pairing"].pk], PARTNERS),
}


def fixtures(world) -> dict:
    run = MatchRun.objects.create(cohort=world.cohort)
    pair = ProposedPair.objects.create(
        run=run, mentor=world.objects["other_mentor"], mentee=world.objects["other_pair"], score=1.5
    )
    return {"run": run, "proposed_pair": pair}
