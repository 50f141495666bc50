"""My data: the export covers every model that refers to a person, and holds nothing of the partner but a name."""

import json

import pytest
from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext, isolate_apps
from django.urls import reverse

from privacy.export import SECTIONS, exported_models, person_export
from privacy.models import AuditEvent
from privacy.tests.factories import (
    MENTEE_REFLECTION,
    MENTOR_REFLECTION,
    MENTOR_SECRET,
    MENTOR_TESTIMONIAL,
    SURVEY_ANSWER,
    fill,
)
from programmes.models import Participant

pytestmark = pytest.mark.django_db

PERSON_MODELS = {"accounts.user", "programmes.participant"}

# Models that refer to a person but are deliberately not exported, and why.
NOT_EXPORTED = {
    # allauth: a pending confirmation key for an email address. A short-lived secret; the address is exported.
    "account.emailconfirmation": "confirmation key",
    # The Django admin's change history: a site administrator's own work log about other records.
    "admin.logentry": "admin work log",
}
# Survey responses and answers must never refer to a person (DESIGN privacy rule 4).
ANONYMOUS = {"evaluation.response", "evaluation.answer"}


def _relations(model):
    """Labels of the models this one points at (ForeignKey, OneToOne, ManyToMany; not generic keys or reverse sides)."""
    for field in model._meta.get_fields():
        forward = (field.many_to_one or field.one_to_one or field.many_to_many) and not field.auto_created
        if forward and field.related_model is not None:
            yield field.related_model._meta.label_lower


def models_referring_to_a_person(models=None) -> set[str]:
    """Every model with a ForeignKey, OneToOne or ManyToMany path (through any models) to a person."""
    found = set(PERSON_MODELS)
    models = {m._meta.label_lower: m for m in (models if models is not None else apps.get_models())}
    changed = True
    while changed:
        changed = False
        for label, model in models.items():
            if label not in found and any(target in found for target in _relations(model)):
                found.add(label)
                changed = True
    return found


def test_every_model_that_refers_to_a_person_is_exported_or_deliberately_left_out():
    missing = models_referring_to_a_person() - exported_models() - set(NOT_EXPORTED)
    assert not missing, (
        f"These models refer to a user or participant but My data leaves them out: {sorted(missing)}. "
        "Add a section in privacy/export.py (and decide what erasure does in privacy/services.py), "
        "or add them to NOT_EXPORTED with the reason."
    )


@isolate_apps("privacy")
def test_a_new_model_that_refers_to_a_participant_fails_the_walk_until_exported_or_allowed():
    class Badge(models.Model):
        participant = models.ForeignKey(Participant, on_delete=models.CASCADE)

        class Meta:
            app_label = "privacy"

    class BadgeNote(models.Model):
        badge = models.ForeignKey(Badge, on_delete=models.CASCADE)

        class Meta:
            app_label = "privacy"

    found = models_referring_to_a_person([*apps.get_models(), Badge, BadgeNote])
    assert found - exported_models() - set(NOT_EXPORTED) == {"privacy.badge", "privacy.badgenote"}


def test_the_walk_finds_models_that_refer_to_a_person_only_through_others():
    found = models_referring_to_a_person()
    # Reflection -> Meeting -> Pairing -> Participant: two steps away.
    assert {"meetings.reflection", "meetings.nudge", "notifications.notification"} <= found
    assert "programmes.topic" not in found


def test_survey_responses_have_no_path_to_a_person():
    assert not ANONYMOUS & models_referring_to_a_person()


def test_every_section_covers_a_model_that_exists():
    labels = {m._meta.label_lower for m in apps.get_models()}
    assert exported_models() <= labels


def test_the_export_holds_everything_about_the_mentor_and_nothing_private_of_the_partner(world):
    fill(world)
    mentor = world.objects["mentor"]
    export = person_export(user=mentor.user)
    sections = export["sections"]
    empty = {key for key, section in sections.items() if not section["rows"]}
    # A mentor holds no programme role, made no lead records, has no learning topics (mentees choose those)
    # and set up no second factor; nobody has viewed or exported their data yet.
    assert empty <= {
        "programme_roles",
        "role_invitations",
        "records_made",
        "learning_topics",
        "authenticators",
        "audit",
    }, empty
    assert person_export(user=world.users["mentee"])["sections"]["learning_topics"]["rows"]
    text = json.dumps(export, default=str)
    assert MENTOR_SECRET in text and MENTOR_REFLECTION in text and "My mentee cancelled twice" in text
    assert sections["testimonials"]["rows"][0]["testimonial"] == MENTOR_TESTIMONIAL
    assert sections["testimonials"]["rows"][0]["status"] == "Approved"
    assert any(row.get("lead_decided_you_completed") for row in sections["certificates"]["rows"])
    assert MENTEE_REFLECTION not in text, "the partner's private reflection leaked"
    assert world.users["mentee"].email not in text, "the partner's email leaked"
    assert world.users["mentee"].name in text  # the partner's name only
    assert "Understand barriers to promotion" not in text, "the partner's profile leaked"
    assert SURVEY_ANSWER not in text
    assert sections["survey_invitations"]["rows"][0]["used"] is True
    assert "cannot be found" in sections["survey_invitations"]["about"]


def test_a_lead_sees_the_records_that_name_them_as_maker(world):
    fill(world)
    sections = person_export(user=world.users["lead"])["sections"]
    assert {row["what"] for row in sections["records_made"]["rows"]} >= {
        "Started a matching run",
        "Ruled out a pair",
        "Issued a certificate",
    }
    assert sections["programme_roles"]["rows"] == [{"programme": world.programme.name, "role": "Programme lead"}]


def test_the_export_runs_the_same_number_of_queries_whatever_a_person_holds(world):
    fill(world, meetings=1)
    user = world.objects["mentor"].user
    with CaptureQueriesContext(connection) as small:
        person_export(user=user)
    from privacy.tests.factories import Meeting, Reflection

    for number in range(6):
        meeting = Meeting.objects.create(
            pairing=world.objects["pairing"], held_on="2026-11-01", duration_minutes=30, format="online"
        )
        meeting.topics.add(world.objects["topic"])
        Reflection.objects.create(meeting=meeting, author=world.objects["mentor"], text=f"note {number}")
    with CaptureQueriesContext(connection) as large:
        person_export(user=user)
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)


def test_downloading_gives_json_of_every_section_and_is_audited(world):
    fill(world)
    client = world.client_for("mentor")
    response = client.get(reverse("privacy:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="remento-my-data-')
    data = json.loads(response.content)
    assert set(data["sections"]) == {s.key for s in SECTIONS}
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED_DATA)
    assert event.actor == event.target_user == world.users["mentor"]
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_my_data_page_reads_as_words_and_links_the_download_and_erasure(world):
    fill(world)
    page = world.client_for("mentor").get(reverse("privacy:my_data")).content.decode()
    assert MENTOR_SECRET in page and "Your private reflections" in page
    assert MENTEE_REFLECTION not in page
    assert reverse("privacy:my_data_download") in page and reverse("privacy:erase") in page
    assert reverse("privacy:notice", args=[world.organisation.pk]) in page
    assert "My data" in page  # the navigation link, for everyone signed in


def test_the_my_data_page_runs_the_same_number_of_queries_at_two_sizes(world):
    fill(world, meetings=1)
    client = world.client_for("mentor")
    url = reverse("privacy:my_data")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    fill_more = world.objects["pairing"]
    from privacy.tests.factories import Meeting

    for number in range(5):
        Meeting.objects.create(pairing=fill_more, held_on="2026-12-01", duration_minutes=45 + number, format="phone")
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)
