"""Subjects and plain-text bodies are plain text: an apostrophe is an apostrophe. Only HTML bodies are escaped."""

import datetime

import pytest
from django.template.loader import render_to_string

from notifications import kinds, services
from notifications.models import Notification
from programmes.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

NAME = "St Mary's <Partners> & Co"
ESCAPED = ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;")


def test_an_invitation_names_the_programme_as_it_is_written_in_the_subject_and_text(world):
    participant = ParticipantFactory(
        cohort__programme__name=NAME, cohort__programme__organisation__name="O'Neill & Hart NHS Trust"
    )
    notification = Notification.objects.create(kind="invitation", recipient=participant.user, subject=participant)

    message = services.render_email(notification)

    assert message.subject == f"You are invited to {NAME}"
    assert NAME in message.body and "O'Neill & Hart NHS Trust has invited you" in message.body
    [(html, _)] = message.alternatives
    assert "St Mary&#x27;s &lt;Partners&gt; &amp; Co" in html and "<Partners>" not in html


class _AnyText(str):
    """Whatever a template asks of it (subject.cohort.programme.name...), it answers with the same text."""

    def __getattr__(self, name):
        if name.startswith("_") or hasattr(datetime.datetime, name):  # not a date, nor safe HTML
            raise AttributeError(name)
        return self


@pytest.mark.parametrize("kind", sorted(kinds.KINDS))
def test_no_kind_of_email_escapes_its_subject_or_plain_text(kind):
    text = _AnyText("O'Brien & <Co>")
    context = {"recipient": text, "subject": text, "link": "https://remento.example.org/x", "reason": text}
    folder = f"notifications/email/{kind}"
    for part in ("subject.txt", "body.txt"):
        rendered = services._render_plain_text(f"{folder}/{part}", context)
        assert not [entity for entity in ESCAPED if entity in rendered], f"{kind}/{part}: {rendered!r}"
    assert "O'Brien & <Co>" in services._render_plain_text(f"{folder}/body.txt", context)
    html = render_to_string(f"{folder}/body.html", context)
    assert "<Co>" not in html and "&lt;Co&gt;" in html
