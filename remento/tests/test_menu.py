"""The menu is read with one hand-written query (remento.context_processors.MENU_SQL): these tests hold it to
the answers the models' own queries give, for every role and for the states that should change the menu (and the
home page's cards, which read the same query)."""

import datetime

import pytest
from django.db.models import Q
from django.urls import reverse

from evaluation.models import Certificate
from matching.models import Pairing
from programmes.models import Cohort, Membership, Participant, ProgrammeRole
from programmes.tests.factories import CohortFactory, MembershipFactory, ParticipantFactory, ProgrammeRoleFactory
from remento.context_processors import menu_for
from remento.testing.world import ROLES

pytestmark = pytest.mark.django_db


def expected_menu(user) -> dict:
    """The same rules written with the ORM."""
    mine = Participant.objects.filter(user=user)
    pairings = (
        Pairing.objects.filter(Q(mentor__in=mine) | Q(mentee__in=mine))
        .exclude(cohort__status=Cohort.Status.CLOSED)
        .order_by("-pk")
    )
    places = ProgrammeRole.objects.filter(user=user).select_related("programme__organisation")
    taking_part = (
        mine.exclude(status__in=[Participant.Status.DECLINED, Participant.Status.WITHDRAWN])
        .select_related("cohort__programme")
        .order_by("-cohort__created_at", "-pk")
    )
    return {
        "participations": [
            (
                p.pk,
                p.cohort.name,
                p.cohort.programme.name,
                p.get_role_display(),
                p.get_status_display(),
                Certificate.objects.filter(participant=p).values_list("pk", flat=True).first(),
            )  # fmt: skip
            for p in taking_part
        ],
        "pairings": sorted(
            [(p.pk, p.cohort.name, p.status) for p in pairings], key=lambda row: row[2] not in Pairing.CURRENT
        ),
        **{
            key: [
                (r.programme_id, r.programme.name, r.programme.organisation.name)
                for r in places.filter(role=role).order_by("programme__name", "programme_id")
            ]
            for key, role in [("led", ProgrammeRole.Role.LEAD), ("steering", ProgrammeRole.Role.STEERING)]
        },
        "administered": [
            (m.organisation_id, m.organisation.name, "")
            for m in Membership.objects.filter(user=user, is_admin=True).order_by(
                "organisation__name", "organisation_id"
            )
        ],
    }


def actual_menu(user) -> dict:
    menu = menu_for(user)
    return {
        "participations": [
            (p.pk, p.cohort_name, p.programme_name, p.role_label, p.status_label, p.certificate_id)
            for p in menu.participations
        ],
        "pairings": [(p.pk, p.cohort_name, p.status) for p in menu.pairings],
        **{
            key: [(place.pk, place.name, place.organisation_name) for place in getattr(menu, key)]
            for key in ("led", "steering", "administered")
        },
    }


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_the_menu_query_gives_every_role_what_the_models_give(world, role):
    user = world.users[role]
    assert actual_menu(user) == expected_menu(user)


def test_the_menu_leaves_out_closed_cohorts_declined_places_and_steering_and_plain_memberships(world):
    mentor = world.users["mentor"]
    # A second programme where the mentor is a steering member and a plain member: neither is in the menu.
    ProgrammeRoleFactory(user=mentor, role=ProgrammeRole.Role.STEERING)
    MembershipFactory(user=mentor, is_admin=False)
    # A declined place in another cohort does not count as taking part there.
    ParticipantFactory(user=world.users["lead"], status=Participant.Status.DECLINED)
    menu = menu_for(mentor)
    assert len(menu.participations) == 1 and len(menu.pairings) == 1 and menu.led == [] and menu.administered == []
    assert len(menu.steering) == 1
    assert menu_for(world.users["lead"]).participations == []
    assert actual_menu(mentor) == expected_menu(mentor)
    Cohort.objects.filter(pk=world.cohort.pk).update(status=Cohort.Status.CLOSED)
    assert menu_for(mentor).pairings == []
    assert actual_menu(mentor) == expected_menu(mentor)


def test_an_ended_pairing_stays_on_the_home_page_but_leaves_the_menu(world, client):
    pairing = world.objects["pairing"]
    Pairing.objects.filter(pk=pairing.pk).update(status=Pairing.Status.ENDED)
    client.force_login(world.users["mentee"])
    page = client.get(reverse("home")).content.decode()
    assert "Your earlier pairing (ended)" in page
    nav = page.split("<main")[0]
    assert reverse("meetings:pair", args=[pairing.pk]) not in nav
    assert actual_menu(world.users["mentee"]) == expected_menu(world.users["mentee"])


def test_a_person_in_two_running_pairings_sees_both_named_by_cohort_newest_first(world, client):
    mentee = world.users["mentee"]
    later = CohortFactory(programme=world.programme, name="Second wave", status=Cohort.Status.ACTIVE)
    second = Pairing.objects.create(
        cohort=later,
        mentor=ParticipantFactory(cohort=later, role=Participant.Role.MENTOR),
        mentee=ParticipantFactory(cohort=later, user=mentee, role=Participant.Role.MENTEE),
        status=Pairing.Status.INTRODUCED,
    )
    assert [p.pk for p in menu_for(mentee).pairings] == [second.pk, world.objects["pairing"].pk]
    client.force_login(mentee)
    page = client.get(reverse("home")).content.decode()
    assert f"Your pairing ({later.name})" in page and f"Your pairing ({world.cohort.name})" in page


def test_a_certificate_and_a_second_cohort_show_on_the_home_page_newest_cohort_first(world, client):
    mentee = world.users["mentee"]
    Certificate.objects.create(participant=world.objects["mentee"], issued_on=datetime.date(2026, 6, 1))
    later = CohortFactory(programme=world.programme, name="Second wave")
    ParticipantFactory(cohort=later, user=mentee, role=Participant.Role.MENTOR, status=Participant.Status.APPLIED)
    menu = menu_for(mentee)
    assert [p.cohort_name for p in menu.participations] == ["Second wave", world.cohort.name]
    assert menu.participations[1].certificate_id is not None and menu.participations[0].certificate_id is None
    assert actual_menu(mentee) == expected_menu(mentee)
    client.force_login(mentee)
    page = client.get(reverse("home")).content.decode()
    assert page.index("Second wave") < page.index(world.cohort.name)
    assert "You take part as a mentor · Applied" in page and "Your certificate of completion" in page
