import pytest
from django.urls import reverse

from programmes.models import MeetingGuideItem, ProgrammeRole, RoleInvitation

pytestmark = pytest.mark.django_db
LEADS = {"lead": 200, "co_lead": 200}


def settings_data(world, **overrides):
    return {
        "name": world.programme.name,
        "mentor_max_level": 2,
        "mentee_min_level": 4,
        "min_grade_gap": 1,
        "agreement_text": "Confidentiality, mutual respect.",
        "length_months": 6,
        "suggested_meetings": 4,
        "nudge_after_days": 28,
        "min_reporting_group": 5,
        **overrides,
    }


def test_only_leads_open_or_change_settings_and_people(world):
    for name in ("programme_settings", "programme_people"):
        url = reverse(f"programmes:{name}", args=[world.programme.pk])
        world.assert_only(url, LEADS)
    world.assert_only(
        reverse("programmes:programme_settings", args=[world.programme.pk]),
        {"lead": None, "co_lead": None},
        method="post",
        data=settings_data(world, name="Hijacked"),
    )
    world.programme.refresh_from_db()
    assert world.programme.name != "Hijacked"


def test_the_first_agreement_text_is_version_1_and_each_change_after_it_a_new_version(world):
    client = world.client_for("lead")
    url = reverse("programmes:programme_settings", args=[world.programme.pk])
    assert world.programme.agreement_text == ""
    assert client.post(url, settings_data(world)).status_code == 302
    world.programme.refresh_from_db()
    assert world.programme.agreement_version == 1 and world.programme.mentor_max_level == 2
    client.post(url, settings_data(world))
    world.programme.refresh_from_db()
    assert world.programme.agreement_version == 1
    client.post(url, settings_data(world, agreement_text="Confidentiality, mutual respect, punctuality."))
    world.programme.refresh_from_db()
    assert world.programme.agreement_version == 2


def test_text_written_after_an_emptied_agreement_is_a_new_version(world):
    client = world.client_for("lead")
    url = reverse("programmes:programme_settings", args=[world.programme.pk])
    client.post(url, settings_data(world))
    client.post(url, settings_data(world, agreement_text=""))
    client.post(url, settings_data(world, agreement_text="New words"))
    world.programme.refresh_from_db()
    # Version 1 was the first text; emptying it moved on to 2, which the new words take.
    assert (world.programme.agreement_text, world.programme.agreement_version) == ("New words", 2)


def test_a_reporting_group_below_three_and_overlapping_levels_are_explained(world):
    response = world.client_for("lead").post(
        reverse("programmes:programme_settings", args=[world.programme.pk]),
        settings_data(world, min_reporting_group=2, mentor_max_level=4, mentee_min_level=4),
    )
    page = response.content.decode()
    assert "greater than or equal to 3" in page
    assert "Mentees must start at a higher level" in page


def test_a_lead_invites_a_steering_member_by_email_and_cannot_remove_the_last_lead(world):
    client = world.client_for("lead")
    url = reverse("programmes:programme_people", args=[world.programme.pk])
    response = client.post(url, {"form": "person", "email": "not an email", "role": "steering"})
    assert "Enter a valid email address." in response.content.decode()
    client.post(url, {"form": "person", "email": world.users["org_admin"].email.upper(), "role": "steering"})
    invitation = RoleInvitation.objects.get(user=world.users["org_admin"])
    assert (invitation.programme, invitation.role) == (world.programme, "steering")
    assert not ProgrammeRole.objects.filter(user=world.users["org_admin"], role="steering").exists()

    co_lead = ProgrammeRole.objects.get(user=world.users["co_lead"], programme=world.programme)
    client.post(url, {"form": "remove", "role_id": co_lead.pk})
    lead = ProgrammeRole.objects.get(user=world.users["lead"], programme=world.programme)
    response = client.post(url, {"form": "remove", "role_id": lead.pk}, follow=True)
    assert "needs at least one lead" in response.content.decode()
    assert ProgrammeRole.objects.filter(pk=lead.pk).exists()


def test_a_role_on_another_programme_cannot_be_removed_from_here(world):
    other = ProgrammeRole.objects.get(user=world.users["other_programme_lead"])
    response = world.client_for("lead").post(
        reverse("programmes:programme_people", args=[world.programme.pk]), {"form": "remove", "role_id": other.pk}
    )
    assert response.status_code == 404 and ProgrammeRole.objects.filter(pk=other.pk).exists()


def test_a_lead_writes_the_meeting_guide(world):
    url = reverse("programmes:programme_people", args=[world.programme.pk])
    world.client_for("lead").post(url, {"form": "guide", "meeting_number": 1, "agenda": "Get to know each other."})
    assert MeetingGuideItem.objects.get(programme=world.programme).agenda == "Get to know each other."


def test_a_lead_sets_who_has_completed_the_programme_and_the_programme_page_says_so(world):
    client = world.client_for("lead")
    url = reverse("programmes:programme_settings", args=[world.programme.pk])
    page = client.get(url).content.decode()
    assert "Who has completed the programme" in page and "Meetings held to complete" in page
    response = client.post(url, settings_data(world, completion_rule="meetings", completion_meetings=3))
    assert response.status_code == 302
    world.programme.refresh_from_db()
    assert world.programme.meetings_to_complete == 3
    overview = client.get(reverse("programmes:programme", args=[world.programme.pk])).content.decode()
    assert "once they have held 3 meetings" in overview

    client.post(url, settings_data(world, completion_rule="lead", completion_meetings=""))
    world.programme.refresh_from_db()
    assert world.programme.meetings_to_complete is None
    overview = client.get(reverse("programmes:programme", args=[world.programme.pk])).content.decode()
    assert "You decide for each person whether they completed the programme" in overview


def test_completion_needs_at_least_one_meeting_and_says_so_beside_the_field(world):
    response = world.client_for("lead").post(
        reverse("programmes:programme_settings", args=[world.programme.pk]), settings_data(world, completion_meetings=0)
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
