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


@dataclass(frozen=True)
class Participation:
    """A place the person has in a cohort (not declined or withdrawn), as the home page lists it."""

    pk: int
    cohort_name: str
    programme_name: str
    role: str
    status: str
    certificate_id: int | None

    @property
    def role_label(self) -> str:
        return Participant.Role(self.role).label

    @property
    def status_label(self) -> str:
        return Participant.Status(self.status).label


@dataclass(frozen=True)
class Place:
    """A programme the person leads or oversees, or an organisation they administer."""

    pk: int
    name: str
    organisation_name: str = ""


@dataclass
class Menu:
    """Everything the person has here: the menu on every page and the cards on the home page."""

    participations: list = field(default_factory=list)  # Participation, newest cohort first
    pairings: list = field(default_factory=list)  # PairingLink, current first, newest first; ended ones too
    led: list = field(default_factory=list)  # Place: programmes they lead
    steering: list = field(default_factory=list)  # Place: programmes they oversee
    administered: list = field(default_factory=list)  # Place: organisations they administer

    @property
    def any(self) -> bool:
        return bool(self.participations or self.led or self.steering or self.administered)


def request_menu(request) -> Menu:
    """What the person has here, once per request."""
    if not hasattr(request, "_menu"):
        request._menu = menu_for(request.user)
    return request._menu


# Every signed-in page draws the menu, so it is read with one plain query: the ORM would spend longer
# building these five queries (about 5 ms) than PostgreSQL spends answering them as one (about 0.4 ms), on
# every page. remento/tests/test_menu.py holds it to the same answers as the models' own queries.
# Columns: kind, id, name, the programme's or organisation's name, status, role, certificate id, sort key.
MENU_SQL = """
SELECT 'participant', p.id, c.name, g.name, p.status, p.role, cert.id, c.created_at
  FROM programmes_participant p
  JOIN programmes_cohort c ON c.id = p.cohort_id
  JOIN programmes_programme g ON g.id = c.programme_id
  LEFT JOIN evaluation_certificate cert ON cert.participant_id = p.id
 WHERE p.user_id = %(user)s AND p.status NOT IN (%(declined)s, %(withdrawn)s)
UNION ALL
SELECT 'pairing', pr.id, c.name, NULL, pr.status, NULL, NULL, NULL
  FROM programmes_participant me
  JOIN matching_pairing pr ON pr.mentor_id = me.id OR pr.mentee_id = me.id
  JOIN programmes_cohort c ON c.id = pr.cohort_id
 WHERE me.user_id = %(user)s AND c.status <> %(closed)s
UNION ALL
SELECT r.role, g.id, g.name, o.name, NULL, NULL, NULL, NULL
  FROM programmes_programmerole r
  JOIN programmes_programme g ON g.id = r.programme_id
  JOIN programmes_organisation o ON o.id = g.organisation_id
 WHERE r.user_id = %(user)s
UNION ALL
SELECT 'admin', o.id, o.name, NULL, NULL, NULL, NULL, NULL
  FROM programmes_membership m JOIN programmes_organisation o ON o.id = m.organisation_id
 WHERE m.user_id = %(user)s AND m.is_admin
"""


def menu_for(user) -> Menu:
    """The person's places in cohorts, their pairings in cohorts still running (ended ones stay listed so both
    partners can read the same closing message), the programmes they lead or oversee and the organisations
    they administer."""
    menu = Menu()
    if not user.is_authenticated:
        return menu
    with connection.cursor() as cursor:
        cursor.execute(
            MENU_SQL,
            {
                "user": user.pk,
                "declined": Participant.Status.DECLINED,
                "withdrawn": Participant.Status.WITHDRAWN,
                "closed": Cohort.Status.CLOSED,
            },
        )
        rows = cursor.fetchall()
    places = {ProgrammeRole.Role.LEAD: menu.led, ProgrammeRole.Role.STEERING: menu.steering, "admin": menu.administered}
    newest = {}
    for kind, pk, name, context, status, role, certificate_id, created_at in rows:
        if kind == "participant":
            menu.participations.append(Participation(pk, name, context, role, status, certificate_id))
            # A timestamp from PostgreSQL, ISO text from SQLite (the demo): either sorts in time order.
            newest[pk] = (created_at, pk)
        elif kind == "pairing":
            menu.pairings.append(PairingLink(pk, name, status))
        else:
            places[kind].append(Place(pk, name, context or ""))
    menu.participations.sort(key=lambda p: newest[p.pk], reverse=True)
    menu.pairings.sort(key=lambda p: (not p.is_current, -p.pk))
    for listed in places.values():
        listed.sort(key=lambda place: (place.name, place.pk))
    return menu


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"open_signup": settings.REMENTO_OPEN_SIGNUP}
    menu = request_menu(request)
    items = []
    if menu.participations:
        items.append({"label": "My programme", "url": reverse("programmes:my_programme")})
        pairings = [p for p in menu.pairings if p.is_current]
        for pairing in pairings:
            label = "Your pairing" if len(pairings) == 1 else f"Your pairing ({pairing.cohort_name})"
            items.append({"label": label, "url": reverse("meetings:pair", args=[pairing.pk])})
    items.append({"label": "Join a programme", "url": reverse("programmes:recruitment")})
    for programme in menu.led:
        items.append({"label": programme.name, "url": reverse("programmes:programme", args=[programme.pk])})
    for organisation in menu.administered:
        url = reverse("programmes:organisation", args=[organisation.pk])
        items.append({"label": f"{organisation.name} settings", "url": url})
    # Everyone signed in can see and download what is held about them (privacy app).
    items.append({"label": "My data", "url": reverse("privacy:my_data")})
    return {"nav_items": items}
