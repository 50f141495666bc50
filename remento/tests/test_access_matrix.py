"""One access matrix for the site: every URL of ours, and what each role gets when it opens it.

A new URL that is not in MATRIX fails the first test, so no page can skip its
access check. Objects outside a requester's scope answer 404, like objects that
do not exist. POST-only URLs answer 405 to a GET from anyone (their POST role
tests live beside their views' tests).

Each later app keeps its own rows in a module listed in ROW_MODULES: a MATRIX
dict like the one below and a `fixtures(world)` function returning the objects
its rows need; they are merged here.
"""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from programmes.models import Attendance, Cohort, Event, Resource, RoleInvitation
from programmes.services.roles import invitation_token, role_invite
from remento.testing.world import ROLES

pytestmark = pytest.mark.django_db

SIGNED_IN = [role for role in ROLES if role != "anonymous"]
EVERYONE_SIGNED_IN = dict.fromkeys(SIGNED_IN, 200)
POST_ONLY = dict.fromkeys(ROLES, 405)
ORG_ADMIN = {"org_admin": 200}
LEADS = {"lead": 200, "co_lead": 200}


def _fixtures(world):
    closed = Cohort.objects.create(programme=world.programme, name="Closed", status=Cohort.Status.CLOSED)
    event = Event.objects.create(cohort=world.cohort, kind="briefing", title="B", starts_at="2099-01-01T10:00Z")
    attendance = Attendance.objects.create(event=event, participant=world.objects["mentor"])
    resource = Resource.objects.create(programme=world.programme, title="Guide", url="https://example.org/")
    # An invitation for someone new: its link is for whoever holds it; anyone signed in as another person is
    # told so and offered to sign out.
    invitation = role_invite(
        organisation=world.organisation,
        programme=world.programme,
        role=RoleInvitation.Role.STEERING,
        email="invited.steering@example.org",
        invited_by=world.users["lead"],
    )
    return {
        "closed": closed,
        "event": event,
        "attendance": attendance,
        "resource": resource,
        "invitation": invitation,
    }


# url name -> (arguments from the world and its fixtures, expected answer per role; unlisted roles get 404)
MATRIX = {
    "home": (lambda w, f: [], EVERYONE_SIGNED_IN),
    "healthz": (lambda w, f: [], dict.fromkeys(ROLES, 200)),
    "notifications:preferences": (lambda w, f: [], EVERYONE_SIGNED_IN),
    "programmes:organisation": (lambda w, f: [w.organisation.pk], ORG_ADMIN),
    "programmes:ladder_add": (lambda w, f: [w.organisation.pk], POST_ONLY),
    "programmes:privacy_update": (lambda w, f: [w.organisation.pk], POST_ONLY),
    "programmes:programme_create": (lambda w, f: [w.organisation.pk], POST_ONLY),
    "programmes:admin_invite": (lambda w, f: [w.organisation.pk], POST_ONLY),
    # The confirmation page for removing an administrator (here the org admin themselves, the only one).
    "programmes:admin_remove": (lambda w, f: [w.organisation.pk, w.users["org_admin"].pk], ORG_ADMIN),
    "programmes:lead_invite": (lambda w, f: [w.organisation.pk], POST_ONLY),
    "programmes:role_invitation_withdraw": (lambda w, f: [f["invitation"].pk], POST_ONLY),
    "programmes:role_invitation": (lambda w, f: [invitation_token(f["invitation"])], dict.fromkeys(ROLES, 200)),
    "programmes:item_add": (lambda w, f: [w.organisation.pk, "directorates"], POST_ONLY),
    "programmes:item_rename": (
        lambda w, f: [w.organisation.pk, "directorates", w.objects["directorate"].pk],
        POST_ONLY,
    ),
    "programmes:item_delete": (
        lambda w, f: [w.organisation.pk, "directorates", w.objects["directorate"].pk],
        POST_ONLY,
    ),
    "programmes:programme": (lambda w, f: [w.programme.pk], LEADS),
    "programmes:programme_settings": (lambda w, f: [w.programme.pk], LEADS),
    "programmes:programme_people": (lambda w, f: [w.programme.pk], LEADS),
    "programmes:cohort_create": (lambda w, f: [w.programme.pk], LEADS),
    "programmes:cohort": (lambda w, f: [w.cohort.pk], LEADS),
    "programmes:cohort_settings": (lambda w, f: [w.cohort.pk], LEADS),
    "programmes:cohort_advance": (lambda w, f: [w.cohort.pk], POST_ONLY),
    "programmes:cohort_next_steps": (lambda w, f: [w.cohort.pk], LEADS),
    "programmes:invite": (lambda w, f: [w.cohort.pk], LEADS),
    "programmes:cohort_continue": (lambda w, f: [f["closed"].pk], LEADS),
    "programmes:participant_continue": (lambda w, f: [w.objects["mentee"].pk], POST_ONLY),
    "programmes:participant": (lambda w, f: [w.objects["mentor"].pk], LEADS),
    "programmes:recruitment": (lambda w, f: [], EVERYONE_SIGNED_IN),
    "programmes:express_interest": (lambda w, f: [w.cohort.pk], POST_ONLY),
    "programmes:apply": (lambda w, f: [w.objects["mentor"].pk], {"mentor": 200}),
    "programmes:disclosures": (lambda w, f: [w.objects["mentor"].pk], {"mentor": 200}),
    "programmes:withdraw_consent": (lambda w, f: [w.objects["mentor"].pk], POST_ONLY),
    "programmes:my_programme": (lambda w, f: [], EVERYONE_SIGNED_IN),
    "programmes:events": (lambda w, f: [w.cohort.pk], LEADS),
    "programmes:event": (lambda w, f: [f["event"].pk], LEADS),
    "programmes:event_reply": (lambda w, f: [f["attendance"].pk], POST_ONLY),
    "programmes:resources": (lambda w, f: [w.programme.pk], LEADS),
    "programmes:resource_delete": (lambda w, f: [f["resource"].pk], POST_ONLY),
    # A link resource has no file: even its readers get 404 here; file downloads are tested with a file.
    "programmes:resource_file": (lambda w, f: [f["resource"].pk], {}),
}

ROW_MODULES = [
    "accounts.tests.access_urls",
    "matching.tests.access_urls",
    "meetings.tests.access_urls",
    "evaluation.tests.access_urls_surveys",
    "evaluation.tests.access_urls_results",
    "privacy.tests.access_urls",
]


def _app_rows():
    for name in ROW_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        yield module


for _module in _app_rows():
    assert not set(_module.MATRIX) & set(MATRIX), f"{_module.__name__} repeats rows"
    MATRIX.update(_module.MATRIX)


def _all_fixtures(world):
    fixtures = _fixtures(world)
    for module in _app_rows():
        if hasattr(module, "fixtures"):
            fixtures.update(module.fixtures(world))
    return fixtures


LIBRARY_NAMESPACES = {"admin"}


def _our_url_names(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in LIBRARY_NAMESPACES or entry.urlconf_module.__name__.startswith("allauth"):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _our_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_of_ours_is_in_the_access_matrix():
    assert set(_our_url_names()) == set(MATRIX)


def test_every_url_answers_each_role_as_the_matrix_says(world):
    fixtures = _all_fixtures(world)
    for name, (arguments, expected) in MATRIX.items():
        world.assert_only(reverse(name, args=arguments(world, fixtures)), expected)
