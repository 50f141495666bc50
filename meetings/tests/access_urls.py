"""Access-matrix rows for meetings' URLs (merged by remento/tests/test_access_matrix.py)."""

PARTNERS = {"mentor": 200, "mentee": 200}

MATRIX = {
    "meetings:pair": (lambda w, f: [w.objects["pairing"].pk], PARTNERS),
}


def fixtures(world) -> dict:
    return {}
