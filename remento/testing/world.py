"""A small world with every role, for access tests on every URL.

The cohort has two active pairings: `mentor` with `mentee` (each the other's
partner), and `other_mentor` with `other_pair` (another pair in the same cohort).

`world.client_for(role)` gives a test client signed in as that role
(`None` for anonymous). `assert_only(...)` checks one URL for every role:
the allowed roles get their answer, everyone else 404, anonymous the sign-in page.
"""

from dataclasses import dataclass, field

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from matching.models import Pairing
from programmes.models import Participant, ProgrammeRole
from programmes.tests.factories import (
    CohortFactory,
    DirectorateFactory,
    GradeFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
    TopicFactory,
)

ROLES = [
    "anonymous",
    "org_admin",
    "other_org_admin",
    "lead",
    "co_lead",
    "other_programme_lead",
    "steering",
    "mentor",
    "mentee",
    "other_pair",
    "other_cohort_participant",
    "other_programme_participant",
    "site_admin",
]


@dataclass
class World:
    organisation: object
    programme: object
    cohort: object
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def client_for(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client

    def assert_only(self, url: str, allowed: dict, method: str = "get", data=None) -> None:
        """`allowed` maps role -> expected status; every other signed-in role must get 404.

        A role mapped to None is not requested (e.g. a lead's POST that would change the data under test).
        """
        problems = []
        for role in ROLES:
            if role in allowed and allowed[role] is None:
                continue
            response = getattr(self.client_for(role), method)(url, data or {})
            if role == "anonymous" and role not in allowed:
                if response.status_code != 302 and response.status_code != 404:
                    problems.append(f"anonymous got {response.status_code}, expected sign-in redirect or 404")
                continue
            expected = allowed.get(role, 404)
            if response.status_code != expected:
                problems.append(f"{role} got {response.status_code}, expected {expected}")
        assert not problems, f"{method.upper()} {url}:\n  " + "\n  ".join(problems)


def build_world() -> World:
    organisation = OrganisationFactory(name="Midshire Police")
    grades = {
        level: GradeFactory(organisation=organisation, ladder="Police officers", name=name, level=level)
        for level, name in [(1, "Constable"), (2, "Sergeant"), (4, "Chief Inspector"), (6, "Chief Superintendent")]
    }
    directorate = DirectorateFactory(organisation=organisation, name="Local Policing")
    topic = TopicFactory(organisation=organisation, name="Race", is_protected_characteristic=True)
    programme = ProgrammeFactory(organisation=organisation, name="Race Equality Mentoring")
    cohort = CohortFactory(programme=programme, name="Pilot")
    other_programme = ProgrammeFactory(organisation=organisation, name="LGBT+ Allies Mentoring")
    other_cohort = CohortFactory(programme=programme, name="Phase 2")
    other_org = OrganisationFactory(name="Westbury Council")

    users = {
        "org_admin": MembershipFactory(organisation=organisation, is_admin=True).user,
        "other_org_admin": MembershipFactory(organisation=other_org, is_admin=True).user,
        "lead": ProgrammeRoleFactory(programme=programme, role=ProgrammeRole.Role.LEAD).user,
        "co_lead": ProgrammeRoleFactory(programme=programme, role=ProgrammeRole.Role.LEAD).user,
        "other_programme_lead": ProgrammeRoleFactory(programme=other_programme, role=ProgrammeRole.Role.LEAD).user,
        "steering": ProgrammeRoleFactory(programme=programme, role=ProgrammeRole.Role.STEERING).user,
    }
    mentor = ParticipantFactory(cohort=cohort, role=Participant.Role.MENTOR, grade=grades[1], directorate=directorate)
    mentee = ParticipantFactory(cohort=cohort, role=Participant.Role.MENTEE, grade=grades[4], directorate=directorate)
    # Another pair in the same cohort: `other_pair` is its mentee.
    other_mentor = ParticipantFactory(cohort=cohort, role=Participant.Role.MENTOR, grade=grades[2])
    other_pair = ParticipantFactory(cohort=cohort, role=Participant.Role.MENTEE, grade=grades[6])
    pairing = Pairing.objects.create(cohort=cohort, mentor=mentor, mentee=mentee, status=Pairing.Status.ACTIVE)
    other_pairing = Pairing.objects.create(
        cohort=cohort, mentor=other_mentor, mentee=other_pair, status=Pairing.Status.ACTIVE
    )
    other_cohort_participant = ParticipantFactory(cohort=other_cohort, role=Participant.Role.MENTOR)
    other_programme_participant = ParticipantFactory(
        cohort=CohortFactory(programme=other_programme), role=Participant.Role.MENTEE
    )
    users.update(
        mentor=mentor.user,
        mentee=mentee.user,
        other_pair=other_pair.user,
        other_cohort_participant=other_cohort_participant.user,
        other_programme_participant=other_programme_participant.user,
    )
    for user in users.values():
        if not user.memberships.exists():
            MembershipFactory(organisation=organisation, user=user)
    # The site admin works in the Django admin and belongs to no organisation.
    users["site_admin"] = UserFactory(is_staff=True, is_superuser=True)
    return World(
        organisation=organisation,
        programme=programme,
        cohort=cohort,
        users=users,
        objects={
            "grades": grades,
            "directorate": directorate,
            "topic": topic,
            "other_programme": other_programme,
            "other_cohort": other_cohort,
            "other_org": other_org,
            "mentor": mentor,
            "mentee": mentee,
            "other_mentor": other_mentor,
            "other_pair": other_pair,
            "pairing": pairing,
            "other_pairing": other_pairing,
            "other_cohort_participant": other_cohort_participant,
            "other_programme_participant": other_programme_participant,
        },
    )


@pytest.fixture
def world(db) -> World:
    return build_world()
