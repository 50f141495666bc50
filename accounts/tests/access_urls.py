"""Access-matrix rows for the person's own account pages (merged by remento/tests/test_access_matrix.py).

Each is the requester's own: every signed-in person gets their page, nobody anyone else's.
"""

from remento.testing.world import ROLES

SIGNED_IN = {role: 200 for role in ROLES if role != "anonymous"}

MATRIX = {
    "accounts:account": (lambda w, f: [], SIGNED_IN),
    "accounts:name": (lambda w, f: [], SIGNED_IN),
    "accounts:reauthenticate_code": (lambda w, f: [], SIGNED_IN),
}
