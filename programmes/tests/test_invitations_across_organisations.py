"""Inviting an address that already has an account, perhaps in another organisation.

The lead sees only what they typed until the person accepts, and nobody joins the lead's organisation until then.
"""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from programmes.models import Event, Membership, Participant
from programmes.services.events import events_invite_audience
from programmes.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

REAL_NAME = "Dr Morwenna Quillfeather"


@pytest.fixture
def stranger(world):
    """Someone with an account at another organisation, whose name the lead has no business learning."""
    return MembershipFactory(
        organisation=world.objects["other_org"], user=UserFactory(name=REAL_NAME, email="m.q@westbury.example.org")
    ).user


def _invite(world, email, name="Sam from the network list"):
    response = world.client_for("lead").post(
        reverse("programmes:invite", args=[world.cohort.pk]),
        {"form": "one", "one-email": email, "one-name": name, "one-role": "mentor"},
    )
    assert response.status_code == 302
    return Participant.objects.get(cohort=world.cohort, user__email=email.lower())


def test_a_lead_inviting_an_address_with_an_account_elsewhere_sees_only_what_they_typed(world, stranger):
    participant = _invite(world, "M.Q@westbury.example.org")
    Event.objects.create(cohort=world.cohort, kind="briefing", title="Briefing", starts_at="2099-01-01T10:00Z")
    # Arranged by the lead (the events page invites its audience; opening the event page writes nothing).
    events_invite_audience(events=Event.objects.all())
    client = world.client_for("lead")

    roster_url = reverse("programmes:cohort", args=[world.cohort.pk])
    pages = {
        "roster": client.get(roster_url),
        "search by the real name": client.get(roster_url, {"q": "Quillfeather"}),
        "participant page": client.get(reverse("programmes:participant", args=[participant.pk])),
        "event": client.get(reverse("programmes:event", args=[Event.objects.get().pk])),
        "erase page": client.get(reverse("privacy:lead_erase", args=[participant.pk])),
    }
    for what, response in pages.items():
        assert response.status_code == 200, what
        assert REAL_NAME not in response.content.decode(), f"the {what} shows the account's own name"
    for what in ("roster", "participant page", "event"):
        assert "Sam from the network list" in pages[what].content.decode(), what
    assert "m.q@westbury.example.org" in pages["participant page"].content.decode()
    assert [row["pk"] for row in pages["search by the real name"].context["participants"]] == []
    assert "not accepted the invitation yet" in pages["participant page"].content.decode()


def test_nobody_joins_the_organisation_until_they_accept_the_invitation(world, stranger, client):
    participant = _invite(world, stranger.email)
    assert not Membership.objects.filter(organisation=world.organisation, user=stranger).exists()

    client.force_login(stranger)
    notice = reverse("privacy:notice", args=[world.organisation.pk])
    assert client.get(notice).status_code == 200, "they read the privacy notice before accepting"
    response = client.post(
        reverse("programmes:apply", args=[participant.pk]),
        {
            "grade": world.objects["grades"][1].pk,
            "objectives": "Help leaders hear from the front line",
            "meeting_format": "either",
            "capacity": 1,
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(organisation=world.organisation, user=stranger).exists()
    participant.refresh_from_db()
    assert participant.status == Participant.Status.APPLIED
    assert (participant.invited_name, participant.invited_email) == ("", "")
    roster = world.client_for("lead").get(reverse("programmes:cohort", args=[world.cohort.pk])).content.decode()
    assert REAL_NAME in roster and "Sam from the network list" not in roster


def test_a_lead_cannot_accept_or_ready_someone_who_has_not_accepted_their_invitation(world, stranger):
    participant = _invite(world, stranger.email)
    client = world.client_for("lead")
    for action in ("accept", "ready"):
        response = client.post(
            reverse("programmes:cohort", args=[world.cohort.pk]),
            {"action": action, "participants": [participant.pk]},
            follow=True,
        )
        assert "not accepted their invitation yet are left as they are" in response.content.decode()
    participant.refresh_from_db()
    assert participant.status == Participant.Status.INVITED and not participant.ready_to_match
    client.post(
        reverse("programmes:cohort", args=[world.cohort.pk]), {"action": "withdraw", "participants": [participant.pk]}
    )
    participant.refresh_from_db()
    assert participant.status == Participant.Status.WITHDRAWN, "an invitation can still be withdrawn"


def test_inviting_an_address_does_not_let_a_lead_erase_an_account_of_another_organisation(world, stranger):
    participant = _invite(world, stranger.email)
    response = world.client_for("lead").post(reverse("privacy:lead_erase", args=[participant.pk]), {"confirm": "on"})
    assert "staff list of an organisation whose programmes you do not lead" in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.name == REAL_NAME and stranger.is_active


def test_someone_invited_by_a_spreadsheet_without_a_name_is_shown_by_the_address_typed(world, stranger):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = f"email,name,role,grade,directorate\n{stranger.email.upper()},,mentee,,\n"
    upload = SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv")
    client = world.client_for("lead")
    response = client.post(reverse("programmes:invite", args=[world.cohort.pk]), {"form": "csv", "csv-file": upload})
    assert response.status_code == 302
    roster = client.get(reverse("programmes:cohort", args=[world.cohort.pk])).content.decode()
    assert stranger.email in roster and REAL_NAME not in roster
    assert not Membership.objects.filter(organisation=world.organisation, user=stranger).exists()
