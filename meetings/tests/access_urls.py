"""Access-matrix rows for meetings' URLs (merged by remento/tests/test_access_matrix.py).

Only the two partners reach the pair's space; only the programme's leads reach the monitoring page and the
outcomes register. POST-only URLs answer 405 to a GET; their POSTs are tested per role in test_access.py.
"""

import datetime

from django.utils import timezone

from meetings.models import Action, Meeting, ScheduledMeeting
from remento.testing.world import ROLES

PARTNERS = {"mentor": 200, "mentee": 200}
LEADS = {"lead": 200, "co_lead": 200}
POST_ONLY = dict.fromkeys(ROLES, 405)

MATRIX = {
    "meetings:pair": (lambda w, f: [w.objects["pairing"].pk], PARTNERS),
    "meetings:meeting_log": (lambda w, f: [w.objects["pairing"].pk], PARTNERS),
    "meetings:action_add": (lambda w, f: [w.objects["pairing"].pk], PARTNERS),
    "meetings:schedule": (lambda w, f: [w.objects["pairing"].pk], PARTNERS),
    "meetings:meeting": (lambda w, f: [f["meeting"].pk], PARTNERS),
    "meetings:meeting_confirm": (lambda w, f: [f["meeting"].pk], POST_ONLY),
    "meetings:reflection": (lambda w, f: [f["meeting"].pk], POST_ONLY),
    "meetings:action": (lambda w, f: [f["action"].pk], PARTNERS),
    "meetings:next_meeting_cancel": (lambda w, f: [f["scheduled"].pk], POST_ONLY),
    "meetings:next_meeting_ics": (lambda w, f: [f["scheduled"].pk], PARTNERS),
    "meetings:monitoring": (lambda w, f: [w.cohort.pk], LEADS),
    "meetings:outcomes": (lambda w, f: [w.programme.pk], LEADS),
}


def fixtures(world) -> dict:
    pairing = world.objects["pairing"]
    meeting = Meeting.objects.create(
        pairing=pairing,
        logged_by=world.objects["mentee"],
        held_on=timezone.localdate() - datetime.timedelta(days=3),
        duration_minutes=60,
        format=Meeting.Format.ONLINE,
        summary="We talked about the promotion board.",
    )
    action = Action.objects.create(pairing=pairing, meeting=meeting, description="Read the policy", owner="mentee")
    scheduled = ScheduledMeeting.objects.create(
        pairing=pairing, starts_at=timezone.now() + datetime.timedelta(days=5), place="Room 4"
    )
    return {"meeting": meeting, "action": action, "scheduled": scheduled}
