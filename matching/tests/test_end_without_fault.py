"""Either partner, mentor or mentee, ends a pairing without fault at any time, in the same words for both."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from matching import services
from matching.models import Pairing
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _url(pairing):
    return reverse("matching:pairing_end_without_fault", args=[pairing.pk])


def _main(client, url) -> str:
    html = client.get(url).content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # one per session
    return re.sub(r"\s+", " ", html[html.index("<main") : html.index("</main>")])


def _section(client, pairing, css_class) -> str:
    html = _main(client, reverse("meetings:pair", args=[pairing.pk]))
    start = html.index(f'class="mb-4 {css_class}"')
    return html[start : html.index("</section>", start)]


def test_only_the_two_partners_can_end_their_pairing(world):
    pairing = world.objects["pairing"]
    world.assert_only(_url(pairing), {"mentor": 200, "mentee": 200})
    world.assert_only(_url(pairing), {"mentor": None, "mentee": None}, method="post")
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE


@pytest.mark.parametrize("who", ["mentor", "mentee"])
def test_either_partner_ends_an_active_pairing_without_fault_and_both_are_told_once_in_the_same_words(
    world, who, django_capture_on_commit_callbacks
):
    pairing = world.objects["pairing"]
    assert pairing.status == Pairing.Status.ACTIVE  # well past the rapport check
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for(who).post(_url(pairing))
    assert response.status_code == 302
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.REMATCH and pairing.ended_at is not None
    assert pairing.end_reason == ""
    partners = {world.users["mentor"].email, world.users["mentee"].email}
    leads = {world.users["lead"].email, world.users["co_lead"].email}
    to_partners = [m for m in mail.outbox if m.to[0] in partners]
    assert {m.to[0] for m in to_partners} == partners and len(to_partners) == 2
    assert to_partners[0].subject == to_partners[1].subject
    bodies = [m.body.split("\n", 1)[1] for m in to_partners]  # after "Hello <name>,"
    assert bodies[0] == bodies[1]
    for message in to_partners:
        for name in (world.users["mentor"].name, world.users["mentee"].name):
            assert name not in message.body.split("\n", 1)[1]
    assert {m.to[0] for m in mail.outbox if m.to[0] in leads} == leads
    assert Notification.objects.filter(kind="rematch_request").count() == 2
    # The people are free to be matched again: the pairing is no longer current.
    assert not Pairing.objects.current().filter(pk=pairing.pk).exists()


def test_the_page_and_the_pair_panel_read_the_same_for_mentor_and_mentee(world):
    pairing = world.objects["pairing"]
    mentor, mentee = world.client_for("mentor"), world.client_for("mentee")
    assert _main(mentor, _url(pairing)) == _main(mentee, _url(pairing))
    assert _section(mentor, pairing, "end-without-fault") == _section(mentee, pairing, "end-without-fault")
    assert "Ask to end this pairing" in _section(mentor, pairing, "end-without-fault")


def test_after_it_ends_both_partners_see_the_same_message_whoever_asked(world):
    pages = []
    for who in ("mentor", "mentee"):
        pairing = world.objects["pairing"]
        Pairing.objects.filter(pk=pairing.pk).update(status=Pairing.Status.ACTIVE, ended_at=None)
        world.client_for(who).post(_url(pairing))
        pages.append(
            (
                _section(world.client_for("mentor"), pairing, "pairing-ended"),
                _section(world.client_for("mentee"), pairing, "pairing-ended"),
            )
        )
    assert len({text for both in pages for text in both}) == 1
    assert "This pairing won't continue" in pages[0][0]


def test_an_ended_pairing_cannot_be_ended_again(world):
    pairing = world.objects["pairing"]
    services.pairing_end(pairing_id=pairing.pk, reason="Moved to another force")
    client = world.client_for("mentee")
    assert client.get(_url(pairing)).status_code == 302
    client.post(_url(pairing))
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ENDED and pairing.end_reason == "Moved to another force"
    with pytest.raises(ValidationError):
        services.pairing_end_without_fault(pairing_id=pairing.pk, participant=world.objects["mentee"])
    assert "Ask to end this pairing" not in client.get(reverse("meetings:pair", args=[pairing.pk])).content.decode()


def test_someone_outside_the_pairing_cannot_end_it_through_the_service(world):
    pairing = world.objects["pairing"]
    with pytest.raises(ValidationError):
        services.pairing_end_without_fault(pairing_id=pairing.pk, participant=world.objects["other_pair"])
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE


def test_the_leads_pairings_page_lists_it_among_the_re_match_requests_without_saying_who_asked(world):
    pairing = world.objects["pairing"]
    world.client_for("mentor").post(_url(pairing))
    page = world.client_for("lead").get(reverse("matching:pairings", args=[world.cohort.pk])).content.decode()
    section = page[page.index('id="rematch-heading"') : page.index("</section>", page.index('id="rematch-heading"'))]
    assert "1 pairing will not continue" in section and "Nobody is told which partner asked" in section


def test_an_ended_pairing_shows_no_next_meeting(world):
    import datetime

    from django.utils import timezone

    pairing = world.objects["pairing"]
    pairing.scheduled_meetings.create(starts_at=timezone.now() + datetime.timedelta(days=3), place="Room 2.14")
    client = world.client_for("mentor")
    assert "Room 2.14" in client.get(reverse("meetings:pair", args=[pairing.pk])).content.decode()
    client.post(_url(pairing))
    page = client.get(reverse("meetings:pair", args=[pairing.pk])).content.decode()
    assert "Room 2.14" not in page and 'id="next-heading"' not in page
