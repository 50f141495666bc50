import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from programmes.models import Participant, ProgrammeRole
from programmes.tests.factories import (
    CohortFactory,
    MembershipFactory,
    ParticipantFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory(name="Race Equality Reverse Mentoring")


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_lead_sees_the_programmes_they_lead_and_no_others(client, programme):
    lead = ProgrammeRoleFactory(programme=programme, role=ProgrammeRole.Role.LEAD).user
    ProgrammeFactory(name="Someone Else's Programme")
    page = home(client, lead)
    assert "Programmes you lead" in page and "Race Equality Reverse Mentoring" in page
    assert "Someone Else" not in page
    assert "Programmes you oversee" not in page and "Site administration" not in page


def test_a_steering_member_sees_what_they_oversee_as_totals_only(client, programme):
    member = ProgrammeRoleFactory(programme=programme, role=ProgrammeRole.Role.STEERING).user
    page = home(client, member)
    assert "Programmes you oversee" in page and "totals only" in page
    assert "Programmes you lead" not in page


def test_a_mentor_and_a_mentee_see_their_own_programme(client, programme):
    cohort = CohortFactory(programme=programme, name="Pilot")
    mentor = ParticipantFactory(cohort=cohort, role=Participant.Role.MENTOR).user
    mentee = ParticipantFactory(cohort=cohort, role=Participant.Role.MENTEE).user
    assert "as a mentor" in home(client, mentor)
    assert "as a mentee" in home(client, mentee)


def test_an_organisation_administrator_sees_their_organisation(client):
    membership = MembershipFactory(is_admin=True, organisation__name="Northshire Fire and Rescue")
    page = home(client, membership.user)
    assert "Organisations you administer" in page and "Northshire Fire and Rescue" in page


def test_a_person_with_no_role_is_told_what_will_happen(client):
    MembershipFactory(is_admin=False, organisation__name="Hidden Org")
    page = home(client, UserFactory())
    assert "not part of a programme yet" in page
    assert "Hidden Org" not in page


def test_only_site_admins_see_the_site_administration_link(client):
    assert "Site administration" in home(client, UserFactory(is_staff=True))
    assert "Site administration" not in home(client, UserFactory())


def test_the_home_page_runs_the_same_queries_however_many_roles(client, django_assert_max_num_queries, programme):
    user = UserFactory()
    ProgrammeRoleFactory(user=user, programme=programme)
    client.force_login(user)
    client.get(reverse("home"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    for _ in range(5):
        ProgrammeRoleFactory(user=user)
        ParticipantFactory(user=user)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("home"))
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
