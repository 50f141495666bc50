"""Roles by invitation: administrators, leads, co-leads and steering members, without the Django admin."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from accounts import audit
from accounts.models import User
from notifications.models import Notification
from programmes.models import Membership, Programme, ProgrammeRole, RoleInvitation
from programmes.services import roles
from programmes.services.roles import invitation_token, role_invite

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def emails_go_when_work_commits(monkeypatch):
    """The test's transaction never commits, so run what waits for a commit at once (emails are sent then)."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def audited():
    """The audit events recorded, as (action, actor id, target user id, detail): programmes sits below the privacy
    app that stores them, so it listens to the audit signal itself."""
    events = []

    def listen(sender, actor_id, action, target_user_id, programme_id, detail, **kwargs):
        events.append((action, actor_id, target_user_id, detail))

    audit.audit_recorded.connect(listen)
    yield events
    audit.audit_recorded.disconnect(listen)


def org_url(name, world, *args):
    return reverse(f"programmes:{name}", args=[world.organisation.pk, *args])


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/welcome/[^\s\"<]+/)", message.body).group(1)


def code_in(message) -> str:
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE).group(1)


def accept_and_sign_in(client: Client, link: str) -> str:
    """Follow an invitation link as someone not signed in, accept, type the emailed code; returns where it led."""
    mail.outbox.clear()
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response["Location"].startswith(reverse("account_confirm_login_code"))
    [message] = mail.outbox
    response = client.post(response["Location"], {"code": code_in(message)})
    assert response.status_code == 302
    return response["Location"]


def test_an_administrator_invites_an_administrator_who_signs_in_by_code_and_is_never_asked_to_verify(world, audited):
    inviter = world.users["org_admin"]
    client = world.client_for("org_admin")
    response = client.post(org_url("admin_invite", world), {"admin-email": "New.Admin@Example.org"})
    assert response.status_code == 302
    person = User.objects.get(email="new.admin@example.org")
    assert not person.has_usable_password()
    # Nothing is given before they accept: not even a place on the organisation's staff list.
    assert not Membership.objects.filter(user=person).exists()
    [message] = mail.outbox
    assert message.to == ["new.admin@example.org"]
    assert "administer Midshire Police" in message.subject
    assert inviter.name in message.body and "code" in message.body
    assert Notification.objects.get(recipient=person).kind == "role_invitation"

    newcomer = Client()
    landing = accept_and_sign_in(newcomer, link_in(message))
    assert landing == org_url("organisation", world)
    assert EmailAddress.objects.get(user=person).verified
    assert Membership.objects.get(organisation=world.organisation, user=person).is_admin
    # No "verify your email" stop: the first page asks their name, then the settings open.
    response = newcomer.get(landing)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:name"))
    newcomer.post(reverse("accounts:name"), {"name": "Nia Okafor", "next": landing})
    page = newcomer.get(landing)
    assert page.status_code == 200 and "Organisation administrators" in page.content.decode()
    assert audited == [(audit.ORG_ADMIN_ADDED, inviter.pk, person.pk, f"organisation {world.organisation.pk}")]


def test_a_bad_email_is_explained_beside_the_field_and_kept(world):
    response = world.client_for("org_admin").post(org_url("admin_invite", world), {"admin-email": "not-an-address"})
    page = response.content.decode()
    assert response.status_code == 200 and "Enter a valid email address." in page and 'value="not-an-address"' in page


def test_inviting_someone_who_already_administers_says_so(world):
    response = world.client_for("org_admin").post(
        org_url("admin_invite", world), {"admin-email": world.users["org_admin"].email}
    )
    assert "already an administrator" in response.content.decode()
    assert not RoleInvitation.objects.exists()


def test_only_an_organisations_administrators_invite_or_remove_its_administrators(world):
    world.assert_only(org_url("admin_invite", world), {"org_admin": None}, "post", {"admin-email": "x@example.org"})
    world.assert_only(
        org_url("lead_invite", world), {"org_admin": None}, "post", {"lead-programme": world.programme.pk}
    )
    world.assert_only(
        org_url("admin_remove", world, world.users["org_admin"].pk), {"org_admin": None}, "post", {"confirm": "yes"}
    )
    assert not RoleInvitation.objects.exists()
    assert Membership.objects.get(user=world.users["org_admin"], organisation=world.organisation).is_admin


def test_the_last_administrator_cannot_be_removed(world):
    me = world.users["org_admin"]
    client = world.client_for("org_admin")
    page = client.get(org_url("admin_remove", world, me.pk)).content.decode()
    assert "needs at least one administrator" in page
    response = client.post(org_url("admin_remove", world, me.pk), {"confirm": "yes"}, follow=True)
    assert "needs at least one administrator" in response.content.decode()
    assert Membership.objects.get(user=me, organisation=world.organisation).is_admin


def test_removing_yourself_asks_to_confirm_and_removing_another_is_recorded(world, audited):
    me, other = world.users["org_admin"], world.users["steering"]
    Membership.objects.filter(user=other, organisation=world.organisation).update(is_admin=True)
    client = world.client_for("org_admin")
    # A plain post (the settings page's button is for others) does not remove yourself: it asks first.
    response = client.post(org_url("admin_remove", world, me.pk))
    assert response.status_code == 200 and "Stop being an administrator?" in response.content.decode()
    assert Membership.objects.get(user=me, organisation=world.organisation).is_admin
    client.post(org_url("admin_remove", world, other.pk))
    assert not Membership.objects.get(user=other, organisation=world.organisation).is_admin
    assert [(action, actor, target) for action, actor, target, _ in audited] == [
        (audit.ORG_ADMIN_REMOVED, me.pk, other.pk)
    ]
    Membership.objects.filter(user=other, organisation=world.organisation).update(is_admin=True)
    response = client.post(org_url("admin_remove", world, me.pk), {"confirm": "yes"})
    assert response["Location"] == reverse("home")
    assert not Membership.objects.get(user=me, organisation=world.organisation).is_admin


def test_an_administrator_cannot_remove_another_organisations_administrator(world):
    other = world.users["other_org_admin"]
    response = world.client_for("org_admin").post(org_url("admin_remove", world, other.pk), {"confirm": "yes"})
    assert response.status_code == 404
    assert Membership.objects.get(user=other).is_admin


def test_creating_a_programme_invites_its_lead_who_leads_it_once_they_accept(world):
    client = world.client_for("org_admin")
    client.post(
        org_url("programme_create", world),
        {"name": "Faith at Work", "focus": "Religion or belief", "lead_email": "Faith.Lead@Example.org"},
    )
    programme = Programme.objects.get(name="Faith at Work")
    assert not programme.roles.exists()
    page = client.get(org_url("organisation", world)).content.decode()
    assert "faith.lead@example.org (invited, not yet accepted)" in page
    [message] = mail.outbox
    assert message.subject == "You are invited to lead Faith at Work"
    landing = accept_and_sign_in(Client(), link_in(message))
    assert landing == reverse("programmes:programme", args=[programme.pk])
    lead = ProgrammeRole.objects.get(programme=programme, role="lead").user
    assert lead.email == "faith.lead@example.org" and not lead.has_usable_password()
    assert Membership.objects.filter(user=lead, organisation=world.organisation).exists()


def test_an_administrator_who_names_themselves_leads_the_new_programme_at_once(world):
    me = world.users["org_admin"]
    world.client_for("org_admin").post(
        org_url("programme_create", world), {"name": "Faith at Work", "lead_email": me.email.upper()}
    )
    assert ProgrammeRole.objects.filter(programme__name="Faith at Work", user=me, role="lead").exists()
    assert not mail.outbox


def test_an_administrator_invites_a_lead_to_an_existing_programme(world):
    client = world.client_for("org_admin")
    client.post(
        org_url("lead_invite", world), {"lead-programme": world.programme.pk, "lead-email": "next.lead@example.org"}
    )
    invitation = RoleInvitation.objects.get()
    assert (invitation.programme, invitation.role) == (world.programme, "lead")
    foreign = world.objects["other_org"]
    other_programme = Programme.objects.create(organisation=foreign, name="Elsewhere")
    response = client.post(
        org_url("lead_invite", world), {"lead-programme": other_programme.pk, "lead-email": "x@example.org"}
    )
    assert "Select a valid choice" in response.content.decode()


def test_a_lead_invites_a_co_lead_and_a_steering_member_by_email(world, audited):
    lead = world.users["lead"]
    client = world.client_for("lead")
    url = reverse("programmes:programme_people", args=[world.programme.pk])
    client.post(url, {"form": "person", "email": "partner@consultancy.example", "role": "lead"})
    client.post(url, {"form": "person", "email": world.users["mentor"].email.upper(), "role": "steering"})
    assert not ProgrammeRole.objects.filter(user__email="partner@consultancy.example").exists()
    page = client.get(url).content.decode()
    assert "partner@consultancy.example" in page and "invited, not yet accepted" in page
    co_lead_email, steering_email = mail.outbox
    # The steering member already has an account and is signed in: accepting is one button.
    mentor = world.client_for("mentor")
    response = mentor.post(link_in(steering_email))
    assert response["Location"] == reverse("home")
    assert ProgrammeRole.objects.filter(user=world.users["mentor"], role="steering").exists()
    accept_and_sign_in(Client(), link_in(co_lead_email))
    co_lead = User.objects.get(email="partner@consultancy.example")
    assert ProgrammeRole.objects.filter(user=co_lead, programme=world.programme, role="lead").exists()
    assert audited == [
        (audit.ROLE_ADDED, lead.pk, world.users["mentor"].pk, "role: steering"),
        (audit.ROLE_ADDED, lead.pk, co_lead.pk, "role: lead"),
    ]


def test_someone_already_in_the_role_is_not_invited_again(world):
    response = world.client_for("lead").post(
        reverse("programmes:programme_people", args=[world.programme.pk]),
        {"form": "person", "email": world.users["co_lead"].email, "role": "lead"},
    )
    assert "is already a lead of" in response.content.decode()
    assert not mail.outbox


def invite_steering(world, email="new.member@example.org"):
    return role_invite(
        organisation=world.organisation,
        programme=world.programme,
        role=RoleInvitation.Role.STEERING,
        email=email,
        invited_by=world.users["lead"],
    )


def test_inviting_again_replaces_the_waiting_invitation_and_its_old_link_stops_working(world):
    first = invite_steering(world)
    old_link = reverse("programmes:role_invitation", args=[invitation_token(first)])
    second = invite_steering(world)
    assert RoleInvitation.objects.get() == second and len(mail.outbox) == 2
    assert Client().get(old_link).status_code == 404


def test_a_forged_or_withdrawn_link_is_not_found(world):
    invitation = invite_steering(world)
    link = reverse("programmes:role_invitation", args=[invitation_token(invitation)])
    forged = reverse("programmes:role_invitation", args=[signing.dumps(invitation.pk, salt="something else")])
    assert Client().get(forged).status_code == 404
    response = world.client_for("lead").post(reverse("programmes:role_invitation_withdraw", args=[invitation.pk]))
    assert response.status_code == 302 and not RoleInvitation.objects.exists()
    assert Client().post(link).status_code == 404
    assert not ProgrammeRole.objects.filter(user__email="new.member@example.org").exists()


def test_only_an_administrator_or_a_lead_of_its_programme_can_withdraw_an_invitation(world):
    invitation = invite_steering(world)
    url = reverse("programmes:role_invitation_withdraw", args=[invitation.pk])
    world.assert_only(url, {"org_admin": None, "lead": None, "co_lead": None}, "post", {})
    assert RoleInvitation.objects.filter(pk=invitation.pk).exists()


def test_an_out_of_date_link_says_so_and_gives_nothing(world, monkeypatch):
    invitation = invite_steering(world)
    link = reverse("programmes:role_invitation", args=[invitation_token(invitation)])
    monkeypatch.setattr(roles, "INVITATION_DAYS", -1)
    client = Client()
    assert "This invitation has expired" in client.get(link).content.decode()
    client.post(link)
    assert not ProgrammeRole.objects.filter(user=invitation.user).exists()
    assert not EmailAddress.objects.get(user=invitation.user).verified


def test_someone_signed_in_as_another_person_cannot_accept(world):
    invitation = invite_steering(world)
    link = reverse("programmes:role_invitation", args=[invitation_token(invitation)])
    mentee = world.client_for("mentee")
    assert "This invitation is for someone else" in mentee.get(link).content.decode()
    mentee.post(link)
    assert (
        not ProgrammeRole.objects.filter(programme=world.programme, role="steering")
        .exclude(user=world.users["steering"])
        .exists()
    )
    assert RoleInvitation.objects.get().accepted_at is None


def test_following_the_link_again_gives_the_role_once_and_offers_a_new_code(world, audited):
    invitation = invite_steering(world)
    link = reverse("programmes:role_invitation", args=[invitation_token(invitation)])
    client = Client()
    client.post(link)
    client.post(link)
    assert ProgrammeRole.objects.filter(user=invitation.user, role="steering").count() == 1
    assert [action for action, *_ in audited] == [audit.ROLE_ADDED]
    page = Client().get(link).content.decode()
    assert "You have accepted this invitation" in page and "Email me a sign-in code" in page


def test_a_role_invitation_is_written_only_to_a_programme_of_its_organisation(world):
    with pytest.raises(ValueError):
        role_invite(
            organisation=world.organisation,
            role="admin",
            email="x@example.org",
            invited_by=None,
            programme=world.programme,
        )


def test_the_site_administrator_names_a_new_organisations_first_administrator_by_invitation(world):
    client = world.client_for("site_admin")
    response = client.post(
        "/admin/programmes/organisation/add/", {"name": "Northshire Fire and Rescue", "retention_days": 365}
    )
    assert response.status_code == 200 and "needs its first administrator" in response.content.decode()
    response = client.post(
        "/admin/programmes/organisation/add/",
        {
            "name": "Northshire Fire and Rescue",
            "retention_days": 365,
            "administrator_email": "chief@northshire.example",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    invitation = RoleInvitation.objects.get(organisation__name="Northshire Fire and Rescue")
    assert invitation.role == "admin" and invitation.invited_by == world.users["site_admin"]
    assert not Membership.objects.filter(organisation=invitation.organisation).exists()
    [message] = mail.outbox
    landing = accept_and_sign_in(Client(), link_in(message))
    assert landing == reverse("programmes:organisation", args=[invitation.organisation.pk])
    assert invitation.organisation.memberships.get().is_admin
    change = client.get(f"/admin/programmes/organisation/{invitation.organisation.pk}/change/").content.decode()
    assert "chief@northshire.example" in change


def test_the_people_page_runs_the_same_queries_however_many_are_invited(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for("lead")
    url = reverse("programmes:programme_people", args=[world.programme.pk])
    invite_steering(world, "first@example.org")
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(10):
        invite_steering(world, f"member{n}@example.org")
    with CaptureQueriesContext(connection) as large:
        page = client.get(url)
    assert "member9@example.org" in page.content.decode()
    assert len(small) == len(large), "\n".join(q["sql"] for q in large.captured_queries)


def test_until_they_accept_an_invited_person_is_shown_by_the_address_typed_not_their_accounts_name(world):
    elsewhere = world.users["other_org_admin"]
    client = world.client_for("lead")
    url = reverse("programmes:programme_people", args=[world.programme.pk])
    client.post(url, {"form": "person", "email": elsewhere.email, "role": "steering"})
    page = client.get(url).content.decode()
    assert elsewhere.email in page and elsewhere.name not in page
    assert not Membership.objects.filter(user=elsewhere, organisation=world.organisation).exists()
