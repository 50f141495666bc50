import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Directorate, Grade, Programme, ProgrammeRole, RoleInvitation, Topic
from programmes.services.roles import role_invite
from programmes.tests.factories import GradeFactory, MembershipFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
ADMIN = {"org_admin": 200}


def u(name, world, *args):
    return reverse(f"programmes:{name}", args=[world.organisation.pk, *args])


def test_only_the_organisations_administrators_see_its_settings(world):
    world.assert_only(u("organisation", world), ADMIN)


def test_nobody_else_can_change_any_setting(world):
    grade = world.objects["grades"][1]
    posts = [
        (u("ladder_add", world), {"ladder": "Staff", "grades": "Scale 1"}),
        (u("item_add", world, "directorates"), {"directorates-names": "Sneaky"}),
        (u("item_delete", world, "grades", grade.pk), {}),
        (u("privacy_update", world), {"privacy_notice": "Changed", "retention_days": 1}),
        (u("programme_create", world), {"name": "Sneaky", "lead_email": "x@example.org"}),
    ]
    for url, data in posts:
        world.assert_only(url, {"org_admin": None}, method="post", data=data)
    assert Grade.objects.filter(pk=grade.pk).exists()
    assert not Directorate.objects.filter(name="Sneaky").exists()
    assert not Programme.objects.filter(name="Sneaky").exists()
    world.organisation.refresh_from_db()
    assert world.organisation.privacy_notice_version == 1


def test_a_whole_ladder_is_entered_in_one_go_with_levels_equal_to_another_ladder(world):
    client = world.client_for("org_admin")
    client.post(
        u("ladder_add", world), {"ladder": "Police staff", "grades": "Scale 1-3 = 1\nScale 4-6 = 2\n\nPO1-PO3 = 4"}
    )
    client.post(u("ladder_add", world), {"ladder": "Civil service", "grades": "AA\nAO\nEO"})
    assert list(Grade.objects.filter(ladder="Police staff").values_list("name", "level")) == [
        ("Scale 1-3", 1),
        ("Scale 4-6", 2),
        ("PO1-PO3", 4),
    ]
    assert list(Grade.objects.filter(ladder="Civil service").values_list("level", flat=True)) == [1, 2, 3]


def test_bad_ladder_lines_are_named_and_the_text_kept(world):
    response = world.client_for("org_admin").post(
        u("ladder_add", world), {"ladder": "Staff", "grades": "Scale 1 = 1\n= 3\nScale 2 = 99"}
    )
    page = response.content.decode()
    assert "Line 2:" in page and "Line 3: the level must be between 1 and 30." in page
    assert "Scale 2 = 99" in page
    assert not Grade.objects.filter(ladder="Staff").exists()


def test_a_duplicate_directorate_gets_a_message_beside_the_name(world):
    response = world.client_for("org_admin").post(
        u("item_add", world, "directorates"), {"directorates-names": world.objects["directorate"].name}
    )
    assert "is already on the list" in response.content.decode()


def test_a_grade_or_topic_in_use_cannot_be_deleted_but_an_unused_one_can(world):
    client = world.client_for("org_admin")
    used = world.objects["grades"][1]
    response = client.post(u("item_delete", world, "grades", used.pk), follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert Grade.objects.filter(pk=used.pk).exists()
    world.objects["mentor"].shared_topics.add(world.objects["topic"])
    client.post(u("item_delete", world, "topics", world.objects["topic"].pk))
    assert Topic.objects.filter(pk=world.objects["topic"].pk).exists()
    unused = GradeFactory(organisation=world.organisation, name="Unused")
    client.post(u("item_delete", world, "grades", unused.pk))
    assert not Grade.objects.filter(pk=unused.pk).exists()


def test_another_organisations_grade_cannot_be_deleted_through_this_one(world):
    foreign = GradeFactory(organisation=world.objects["other_org"])
    response = world.client_for("org_admin").post(u("item_delete", world, "grades", foreign.pk))
    assert response.status_code == 404 and Grade.objects.filter(pk=foreign.pk).exists()


def test_a_changed_privacy_notice_gets_a_new_version(world):
    client = world.client_for("org_admin")
    client.post(u("privacy_update", world), {"privacy_notice": "New wording", "retention_days": 365})
    client.post(u("privacy_update", world), {"privacy_notice": "New wording", "retention_days": 400})
    world.organisation.refresh_from_db()
    assert (world.organisation.privacy_notice_version, world.organisation.retention_days) == (2, 400)


def test_an_administrator_creates_a_programme_and_invites_its_lead(world):
    response = world.client_for("org_admin").post(
        u("programme_create", world),
        {"name": "Faith at Work", "focus": "Religion or belief", "lead_email": "Faith.Lead@Example.org"},
    )
    assert response.status_code == 302
    programme = Programme.objects.get(name="Faith at Work")
    invitation = RoleInvitation.objects.get(programme=programme, role="lead")
    assert invitation.user.email == "faith.lead@example.org" and not invitation.user.has_usable_password()


def test_a_programme_needs_a_valid_lead_email_and_a_new_name(world):
    client = world.client_for("org_admin")
    page = client.post(
        u("programme_create", world), {"name": world.programme.name, "lead_email": "nope"}
    ).content.decode()
    assert "already has a programme with this name" in page and "Enter a valid email address." in page


def test_an_administrator_never_sees_disclosures_on_the_settings_page(world):
    mentor = world.objects["mentor"]
    mentor.shared_text = "My experience as a gay officer"
    mentor.save()
    assert "gay officer" not in world.client_for("org_admin").get(u("organisation", world)).content.decode()


def test_the_settings_page_runs_the_same_queries_at_any_size(world):
    client = world.client_for("org_admin")
    with CaptureQueriesContext(connection) as small:
        client.get(u("organisation", world))
    for n in range(20):
        GradeFactory(organisation=world.organisation, name=f"Extra {n}", level=n % 9 + 1)
        programme = ProgrammeFactory(organisation=world.organisation)
        ProgrammeRole.objects.create(programme=programme, user=world.users["lead"], role="lead")
        # Leads and administrators invited but not yet accepted are listed too.
        role_invite(
            organisation=world.organisation,
            programme=programme,
            role="lead",
            email=f"lead{n}@example.org",
            invited_by=world.users["org_admin"],
        )
        role_invite(organisation=world.organisation, role="admin", email=f"admin{n}@example.org", invited_by=None)
        MembershipFactory(organisation=world.organisation, is_admin=True)
    with CaptureQueriesContext(connection) as large:
        client.get(u("organisation", world))
    assert len(small) == len(large), "\n".join(q["sql"] for q in large.captured_queries)


def test_an_administrator_renames_items_and_re_levels_a_grade_within_their_organisation(world):
    client = world.client_for("org_admin")
    directorate, grade = world.objects["directorate"], world.objects["grades"][2]
    world.assert_only(
        u("item_rename", world, "directorates", directorate.pk), {"org_admin": None}, "post", {"name": "X"}
    )
    client.post(u("item_rename", world, "directorates", directorate.pk), {"name": "Neighbourhood Policing"})
    client.post(u("item_rename", world, "grades", grade.pk), {"name": "Police Sergeant", "level": "3"})
    directorate.refresh_from_db()
    grade.refresh_from_db()
    assert directorate.name == "Neighbourhood Policing" and (grade.name, grade.level) == ("Police Sergeant", 3)
    response = client.post(
        u("item_rename", world, "grades", grade.pk), {"name": "Constable", "level": "1"}, follow=True
    )
    assert "already on the list" in response.content.decode()
    foreign = GradeFactory(organisation=world.objects["other_org"])
    assert client.post(u("item_rename", world, "grades", foreign.pk), {"name": "Mine", "level": "1"}).status_code == 404


def test_a_new_organisation_made_in_the_admin_starts_with_the_topic_taxonomy(world, client):
    from programmes.models import Organisation

    client.force_login(world.users["site_admin"])
    response = client.post(
        "/admin/programmes/organisation/add/",
        {
            "name": "Northshire Fire and Rescue",
            "retention_days": 365,
            "administrator_email": world.users["org_admin"].email,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(name="Northshire Fire and Rescue")
    assert organisation.topics.filter(is_protected_characteristic=True).count() == 9
    assert organisation.topics.count() == 14
    assert organisation.role_invitations.get().user == world.users["org_admin"]


def test_directorates_networks_and_topics_are_pasted_as_a_list_in_one_go(world):
    client = world.client_for("org_admin")
    response = client.post(
        u("item_add", world, "directorates"),
        {"directorates-names": "Corporate Services\n\n  Crime   and Justice \nLocal Policing\ncorporate services\n"},
        follow=True,
    )
    names = set(world.organisation.directorates.values_list("name", flat=True))
    assert names == {"Local Policing", "Corporate Services", "Crime and Justice"}
    page = response.content.decode()
    assert "Added 2 directorates." in page and "Already on the list, so skipped: Local Policing." in page
    client.post(u("item_add", world, "networks"), {"networks-names": "Race Equality Network\nPride Network"})
    assert world.organisation.networks.count() == 2
    client.post(
        u("item_add", world, "topics"),
        {"topics-names": "Menopause\nRace\nCaste", "topics-is_protected_characteristic": ""},
    )
    added = world.organisation.topics.filter(name__in=["Menopause", "Caste"])
    assert added.count() == 2 and not added.filter(is_protected_characteristic=True).exists()


def test_a_pasted_list_with_a_bad_line_adds_nothing_and_keeps_what_was_typed(world):
    long_name = "x" * 101
    response = world.client_for("org_admin").post(
        u("item_add", world, "topics"), {"topics-names": f"Menopause\n{long_name}"}
    )
    page = response.content.decode()
    assert "Line 2: a name may be up to 100 characters." in page and long_name in page
    assert not world.organisation.topics.filter(name="Menopause").exists()
