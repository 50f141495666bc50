"""The Django admin shows site admins no meeting content, no disclosures and no survey answer tied to a person.

Every registered model admin is opened (list, change page of a real row, add
page), whatever app registered it and whenever: an admin added later is covered
without touching this test.
"""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from evaluation.models import Answer, Invitation, Question, Response, Survey
from matching.models import Concern
from meetings.models import Action, Meeting, Reflection
from programmes.models import Participant

pytestmark = pytest.mark.django_db

MARKERS = {
    "summary": "Marker-meeting-summary-b41c",
    "reflection": "Marker-private-reflection-9d2e",
    "action": "Marker-unshared-action-55aa",
    "outcome": "Marker-unshared-outcome-71f0",
    "answer": "Marker-survey-free-text-c3d8",
    "shared_text": "Marker-lived-experience-0e6b",
    "avoid_text": "Marker-do-not-discuss-8a21",
    "concern": "Marker-concern-to-leads-2f9c",
}


@pytest.fixture
def content(world):
    """One of each kind of private content, each carrying its own marker."""
    pairing = world.objects["pairing"]
    mentor, mentee = world.objects["mentor"], world.objects["mentee"]
    Participant.objects.filter(pk=mentor.pk).update(
        shared_text=MARKERS["shared_text"], avoid_text=MARKERS["avoid_text"]
    )
    meeting = Meeting.objects.create(
        pairing=pairing,
        logged_by=mentor,
        held_on=datetime.date(2026, 3, 2),
        duration_minutes=60,
        format="in_person",
        summary=MARKERS["summary"],
    )
    Reflection.objects.create(meeting=meeting, author=mentee, text=MARKERS["reflection"])
    Action.objects.create(
        pairing=pairing, meeting=meeting, description=MARKERS["action"], owner="mentee", outcome=MARKERS["outcome"]
    )
    Concern.objects.create(pairing=pairing, raised_by=mentee, message=MARKERS["concern"])
    survey = Survey.objects.create(cohort=world.cohort, title="End of pilot")
    question = Question.objects.create(survey=survey, text="What changed for you?", kind="text", theme="impact")
    Invitation.objects.create(survey=survey, participant=mentor, token_hash="0" * 64, used=True)
    response = Response.objects.create(survey=survey, role="mentor")
    Answer.objects.create(response=response, question=question, text=MARKERS["answer"])
    return {"invited": mentor}


def _pages(model, model_admin):
    info = model._meta.app_label, model._meta.model_name
    yield reverse("admin:{}_{}_changelist".format(*info))
    yield reverse("admin:{}_{}_add".format(*info))
    for obj in model._default_manager.all()[:3]:
        yield reverse("admin:{}_{}_change".format(*info), args=[obj.pk])


def _assert_no_admin_page_leaks(client):
    assert admin.site._registry, "nothing registered in the admin"
    seen = []
    for model, model_admin in list(admin.site._registry.items()):
        for url in _pages(model, model_admin):
            response = client.get(url)
            assert response.status_code in (200, 302, 403), f"{url} answered {response.status_code}"
            page = response.content.decode()
            leaked = [name for name, marker in MARKERS.items() if marker in page]
            assert not leaked, f"{url} shows {', '.join(leaked)}"
            seen.append(url)
    return seen


def test_no_admin_page_shows_meeting_content_disclosures_or_survey_answers(world, content):
    seen = _assert_no_admin_page_leaks(world.client_for("site_admin"))
    assert any("/accounts/user/" in url for url in seen)


def test_the_check_catches_an_admin_that_shows_a_meeting_summary(world, content):
    class LeakyMeetingAdmin(admin.ModelAdmin):
        list_display = ("held_on", "summary")

    from types import ModuleType

    from django.test import override_settings
    from django.urls import path

    import remento.urls

    registered = admin.site._registry.pop(Meeting, None)
    admin.site.register(Meeting, LeakyMeetingAdmin)
    try:
        # The admin's URLs are built when the URLconf loads: build them again with the leaky admin in.
        urls = [p for p in remento.urls.urlpatterns if str(p.pattern) != "admin/"] + [path("admin/", admin.site.urls)]
        urlconf = ModuleType("leaky_admin_urls")
        urlconf.urlpatterns = urls
        with override_settings(ROOT_URLCONF=urlconf), pytest.raises(AssertionError, match="shows summary"):
            _assert_no_admin_page_leaks(world.client_for("site_admin"))
    finally:
        admin.site.unregister(Meeting)
        if registered is not None:
            admin.site._registry[Meeting] = registered


def test_no_admin_page_for_survey_responses_names_a_respondent(world, content):
    client = world.client_for("site_admin")
    invited = content["invited"]
    response_ids = [str(pk) for pk in Response.objects.values_list("pk", flat=True)]
    for model, model_admin in list(admin.site._registry.items()):
        if model in (Response, Answer):
            for url in _pages(model, model_admin):
                page = client.get(url).content.decode()
                assert invited.user.email not in page and invited.user.name not in page, url
        if model is Invitation:
            for url in _pages(model, model_admin):
                page = client.get(url).content.decode()
                assert not any(pk in page for pk in response_ids), url


def test_the_admin_is_for_site_admins_only(world):
    for role in ["lead", "org_admin", "mentor"]:
        response = world.client_for(role).get(reverse("admin:index"))
        assert response.status_code in (302, 403), role
