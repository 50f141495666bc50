"""Access-matrix rows for privacy's URLs (merged by remento/tests/test_access_matrix.py).

My data and erasure are always the requester's own: every signed-in person gets
their own page. A lead erases only participants of their programmes and reads
only their programmes' audit logs. A privacy notice is for its organisation's staff.
"""

from remento.testing.world import ROLES

SIGNED_IN = {role: 200 for role in ROLES if role != "anonymous"}
LEADS = {"lead": 200, "co_lead": 200}
# Everyone in the world's organisation; other_org_admin and the site admin are not among its staff.
ORGANISATION_STAFF = {role: 200 for role in SIGNED_IN if role not in ("other_org_admin", "site_admin")}

MATRIX = {
    "privacy:my_data": (lambda w, f: [], SIGNED_IN),
    "privacy:my_data_download": (lambda w, f: [], SIGNED_IN),
    "privacy:erase": (lambda w, f: [], SIGNED_IN),
    "privacy:erased": (lambda w, f: [], dict.fromkeys(ROLES, 200)),
    "privacy:lead_erase": (lambda w, f: [w.objects["mentor"].pk], LEADS),
    "privacy:audit_log": (lambda w, f: [w.programme.pk], LEADS),
    "privacy:notice": (lambda w, f: [w.organisation.pk], ORGANISATION_STAFF),
}


def fixtures(world) -> dict:
    return {}
