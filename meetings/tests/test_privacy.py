"""Meeting content stays in the pair (DESIGN privacy rules 1 and 2).

Summaries, reflections and action texts that were not shared are never shown to a lead, a steering member,
an organisation administrator or a site administrator: not on any page they can open, not in the Django admin,
not through the admin's search. A reflection is shown to its author alone.
"""

import datetime

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from meetings.models import Action, Meeting, Outcome, Reflection, ScheduledMeeting
from meetings.reminders import reminders_scan
from meetings.services import action_update
from meetings.tests.factories import ActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db

SECRETS = ("SECRET-SUMMARY", "SECRET-REFLECTION", "SECRET-ACTION")
OUTSIDERS = ("lead", "co_lead", "steering", "org_admin", "site_admin", "other_pair")


@pytest.fixture
def content(world):
    pairing = world.objects["pairing"]
    meeting = MeetingFactory(pairing=pairing)
    Reflection.objects.create(meeting=meeting, author=world.objects["mentee"], text="SECRET-REFLECTION of the mentee")
    unshared = ActionFactory(pairing=pairing, meeting=meeting)
    shared = ActionFactory(pairing=pairing, meeting=meeting)
    action_update(
        action=shared, by_user=world.users["mentee"], status="done", outcome="Pin badges ordered",
        share_outcome=True, outcome_title="Pin badges", outcome_category="culture",
    )  # fmt: skip
    scheduled = ScheduledMeeting.objects.create(
        pairing=pairing, starts_at=timezone.now() + datetime.timedelta(days=1, hours=1)
    )
    reminders_scan()  # notifications about these objects exist, as in real life
    return {"meeting": meeting, "unshared": unshared, "shared": shared, "scheduled": scheduled}


def _pages(world, content):
    return [
        reverse("home"),
        reverse("programmes:my_programme"),
        reverse("programmes:programme", args=[world.programme.pk]),
        reverse("programmes:cohort", args=[world.cohort.pk]),
        reverse("meetings:monitoring", args=[world.cohort.pk]),
        reverse("meetings:outcomes", args=[world.programme.pk]),
        reverse("meetings:pair", args=[world.objects["pairing"].pk]),
        reverse("meetings:meeting", args=[content["meeting"].pk]),
        reverse("meetings:action", args=[content["unshared"].pk]),
        reverse("meetings:action", args=[content["shared"].pk]),
    ]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_one_outside_the_pair_reads_a_summary_reflection_or_unshared_action(world, content, role):
    client = world.client_for(role)
    for url in _pages(world, content):
        response = client.get(url)
        if url.startswith(("/pairings/", "/meetings/", "/actions/")):
            assert response.status_code == 404, url
        page = response.content.decode()
        for secret in SECRETS:
            assert secret not in page, f"{role} read {secret} at {url}"


def test_the_lead_sees_the_shared_outcome_but_not_the_action_it_came_from(world, content):
    page = world.client_for("lead").get(reverse("meetings:outcomes", args=[world.programme.pk])).content.decode()
    assert "Pin badges" in page
    assert content["shared"].description not in page


def test_the_partner_never_reads_the_mentee_s_reflection(world, content):
    client = world.client_for("mentor")
    for url in _pages(world, content):
        assert "SECRET-REFLECTION" not in client.get(url).content.decode(), url
    assert "SECRET-REFLECTION" in world.client_for("mentee").get(_pages(world, content)[7]).content.decode()


def test_meeting_content_is_not_registered_in_the_django_admin(world, content):
    for model in (Meeting, Reflection, Action, Outcome, ScheduledMeeting):
        assert model not in admin.site._registry
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:meetings_{model._meta.model_name}_changelist")
    client = world.client_for("site_admin")
    assert client.get("/admin/meetings/meeting/").status_code in (302, 404)


def test_no_django_admin_page_or_search_reveals_meeting_content(world, content):
    client = world.client_for("site_admin")
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "/admin/meetings/" not in index.content.decode()
    for model, _model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        pages = [changelist]
        # Words from inside the secrets: the search box echoes the term, never a match.
        for term in ("SECRET", "promotion board", "flexible working", "mentee"):
            pages.append(f"{changelist}?q={term}")
        pages += [
            reverse("admin:{}_{}_change".format(*info), args=[pk])
            for pk in model.objects.values_list("pk", flat=True)[:20]
        ]
        for url in pages:
            response = client.get(url)
            assert response.status_code in (200, 302, 403), url
            for secret in SECRETS:
                assert secret not in response.content.decode(), f"{secret} in the admin at {url}"
