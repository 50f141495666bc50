from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.urls import reverse

from matching.models import Pairing
from programmes.models import Cohort, Participant, ProgrammeRole


@dataclass(frozen=True)
class PairingLink:
    """A pairing as the menu and the home page show it: a link, its cohort, whether it is still running."""

    pk: int
    cohort_name: str
    status: str

    @property
    def is_current(self) -> bool:
        return self.status in Pairing.CURRENT


@dataclass
class Menu:
    taking_part: bool = False
    pairings: list = field(default_factory=list)  # PairingLink, newest first; ended ones too
    led: list = field(default_factory=list)  # (programme id, name)
    administered: list = field(default_factory=list)  # (organisation id, name)


def request_menu(request) -> Menu:
    """What the menu needs, once per request (the home page lists the same pairings)."""
    if not hasattr(request, "_menu"):
        request._menu = menu_for(request.user)
    return request._menu


# Every signed-in page draws the menu, so it is read with one plain query: the ORM would spend longer
# building this four-part union (about 3 ms) than PostgreSQL spends answering it (about 0.3 ms), on every
# page. remento/tests/test_menu.py holds it to the same answers as the models' own queries.
MENU_SQL = """
SELECT 'participant', p.id, c.name, NULL
  FROM programmes_participant p JOIN programmes_cohort c ON c.id = p.cohort_id
 WHERE p.user_id = %(user)s AND p.status NOT IN (%(declined)s, %(withdrawn)s)
UNION ALL
SELECT 'pairing', pr.id, c.name, pr.status
  FROM matching_pairing pr JOIN programmes_cohort c ON c.id = pr.cohort_id
 WHERE c.status <> %(closed)s
   AND (pr.mentor_id IN (SELECT id FROM programmes_participant WHERE user_id = %(user)s)
        OR pr.mentee_id IN (SELECT id FROM programmes_participant WHERE user_id = %(user)s))
UNION ALL
SELECT 'lead', g.id, g.name, NULL
  FROM programmes_programmerole r JOIN programmes_programme g ON g.id = r.programme_id
 WHERE r.user_id = %(user)s AND r.role = %(lead)s
UNION ALL
SELECT 'admin', o.id, o.name, NULL
  FROM programmes_membership m JOIN programmes_organisation o ON o.id = m.organisation_id
 WHERE m.user_id = %(user)s AND m.is_admin
"""


def menu_for(user) -> Menu:
    """Whether the person takes part anywhere, their pairings in cohorts still running (ended ones stay
    listed so both partners can read the same closing message), the programmes they lead and the
    organisations they administer."""
    with connection.cursor() as cursor:
        cursor.execute(
            MENU_SQL,
            {
                "user": user.pk,
                "declined": Participant.Status.DECLINED,
                "withdrawn": Participant.Status.WITHDRAWN,
                "closed": Cohort.Status.CLOSED,
                "lead": ProgrammeRole.Role.LEAD,
            },
        )
        rows = cursor.fetchall()
    menu = Menu()
    for kind, pk, name, status in rows:
        if kind == "participant":
            menu.taking_part = True
        elif kind == "pairing":
            menu.pairings.append(PairingLink(pk, name, status))
        elif kind == "lead":
            menu.led.append((pk, name))
        else:
            menu.administered.append((pk, name))
    # Current pairings first, each group newest (highest id) first.
    menu.pairings.sort(key=lambda p: (not p.is_current, -p.pk))
    menu.led.sort(key=lambda r: (r[1], r[0]))
    menu.administered.sort(key=lambda r: (r[1], r[0]))
    return menu


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"open_signup": settings.REMENTO_OPEN_SIGNUP}
    menu = request_menu(request)
    items = []
    if menu.taking_part:
        items.append({"label": "My programme", "url": reverse("programmes:my_programme")})
        pairings = [p for p in menu.pairings if p.is_current]
        for pairing in pairings:
            label = "Your pairing" if len(pairings) == 1 else f"Your pairing ({pairing.cohort_name})"
            items.append({"label": label, "url": reverse("meetings:pair", args=[pairing.pk])})
    items.append({"label": "Join a programme", "url": reverse("programmes:recruitment")})
    for pk, name in menu.led:
        items.append({"label": name, "url": reverse("programmes:programme", args=[pk])})
    for pk, name in menu.administered:
        items.append({"label": f"{name} settings", "url": reverse("programmes:organisation", args=[pk])})
    # Everyone signed in can see and download what is held about them (privacy app).
    items.append({"label": "My data", "url": reverse("privacy:my_data")})
    return {"nav_items": items}
