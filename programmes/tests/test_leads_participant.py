import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_only_the_programmes_leads_open_a_participants_page(world):
    mentor = world.objects["mentor"]
    url = reverse("programmes:participant", args=[mentor.pk])
    world.assert_only(url, {"lead": 200, "co_lead": 200})
    world.assert_only(
        url, {"lead": None, "co_lead": None}, method="post", data={"lead_note": "x", "ready_to_match": "on"}
    )
    mentor.refresh_from_db()
    assert mentor.lead_note == "" and not mentor.ready_to_match


def test_a_lead_sees_disclosures_for_matching_and_records_a_private_judgement(world):
    mentor = world.objects["mentor"]
    mentor.consent_given_at, mentor.consent_version, mentor.shared_text = (
        "2026-10-01T10:00Z",
        1,
        "Raised as a Traveller",
    )
    mentor.save()
    mentor.shared_topics.add(world.objects["topic"])
    client = world.client_for("lead")
    url = reverse("programmes:participant", args=[mentor.pk])
    page = client.get(url).content.decode()
    assert "Raised as a Traveller" in page and "Race" in page
    client.post(url, {"ready_to_match": "on", "lead_note": "Strong communicator after training."})
    mentor.refresh_from_db()
    assert mentor.ready_to_match and mentor.lead_note == "Strong communicator after training."


def test_nothing_is_shown_without_consent(world):
    mentor = world.objects["mentor"]
    page = world.client_for("lead").get(reverse("programmes:participant", args=[mentor.pk])).content.decode()
    assert "have not given consent" in page


def test_the_lead_reads_who_may_see_each_answer_from_their_own_side_not_the_participants(world):
    mentor = world.objects["mentor"]
    mentor.consent_given_at, mentor.consent_version = "2026-10-01T10:00Z", 1
    mentor.disclosure_visibility, mentor.avoid_visibility = "partner", "leads"
    mentor.save()
    page = world.client_for("lead").get(reverse("programmes:participant", args=[mentor.pk])).content.decode()
    assert "my matched partner" not in page
    assert "Visible to: programme leads and their matched partner" in page
    assert "Visible to: programme leads only, for matching" in page
