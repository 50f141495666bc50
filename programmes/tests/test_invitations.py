import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from programmes.models import Membership, Participant

pytestmark = pytest.mark.django_db


def url(world):
    return reverse("programmes:invite", args=[world.cohort.pk])


def one(world, **overrides):
    return {
        "form": "one",
        "one-email": "New.Person@Example.org",
        "one-name": "New Person",
        "one-role": "mentor",
        **overrides,
    }


def upload(text, name="people.csv"):
    return {"form": "csv", "csv-file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")}


def test_only_the_cohorts_leads_can_invite(world):
    world.assert_only(url(world), {"lead": 200, "co_lead": 200})
    world.assert_only(url(world), {"lead": None, "co_lead": None}, method="post", data=one(world))
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_a_lead_invites_one_person_who_gets_one_email_with_no_personal_detail(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for("lead").post(url(world), one(world))
    assert response.status_code == 302
    participant = Participant.objects.get(user__email="new.person@example.org")
    assert participant.status == Participant.Status.INVITED and participant.role == "mentor"
    # On the staff list only once they accept (test_invitations_across_organisations.py).
    assert not Membership.objects.filter(user=participant.user, organisation=world.organisation).exists()
    assert (participant.invited_name, participant.invited_email) == ("New Person", "new.person@example.org")
    assert not participant.user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert world.programme.name in message.subject
    assert reverse("programmes:apply", args=[participant.pk]) in message.body
    assert "Email me a sign-in code" in message.body


def test_inviting_someone_already_in_the_cohort_is_explained_beside_the_email(world):
    mentee = world.objects["mentee"]
    response = world.client_for("lead").post(url(world), one(world, **{"one-email": mentee.user.email.upper()}))
    page = response.content.decode()
    assert "already invited to this cohort" in page and 'value="New Person"' in page


def test_an_email_that_is_not_an_email_gets_a_message(world):
    response = world.client_for("lead").post(url(world), one(world, **{"one-email": "not an email"}))
    assert "Enter a valid email address." in response.content.decode()


def test_a_good_csv_invites_everyone_once_even_if_uploaded_twice(world, django_capture_on_commit_callbacks):
    text = (
        "email,name,role,grade,directorate\n"
        "ada@example.org,Ada Example,mentor,Constable,Local Policing\n"
        f"{world.users['org_admin'].email},Existing Person,mentee,Chief Inspector,\n"
    )
    client = world.client_for("lead")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url(world), upload(text)).status_code == 302
    assert Participant.objects.filter(cohort=world.cohort, status="invited").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["ada@example.org", world.users["org_admin"].email])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world), upload(text))
    assert "already invited to this cohort" in response.content.decode()
    assert len(mail.outbox) == 2


def test_a_csv_with_bad_rows_invites_nobody_and_lists_each_line(world):
    text = "email,name,role,grade,directorate\nok@example.org,Ok,mentor,,\nbad,Bad,mentor,,\nx@example.org,X,chief,,\n"
    response = world.client_for("lead").post(url(world), upload(text))
    page = response.content.decode()
    assert "Nobody was invited" in page and "Line 3:" in page and "Line 4:" in page
    assert not User.objects.filter(email="ok@example.org").exists()
    assert mail.outbox == []


def test_a_file_that_is_not_csv_text_is_refused(world):
    response = world.client_for("lead").post(
        url(world), {"form": "csv", "csv-file": SimpleUploadedFile("photo.csv", b"\x89PNG\xff\xfe\x00")}
    )
    assert "not a UTF-8 CSV" in response.content.decode()


def test_an_invited_person_without_a_password_signs_in_with_an_emailed_code(world, client):
    import re

    world.client_for("lead").post(url(world), one(world))
    mail.outbox.clear()
    client.post(reverse("account_request_login_code"), {"email": "new.person@example.org"})
    [message] = mail.outbox
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", message.body, re.M).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    participant = Participant.objects.get(user__email="new.person@example.org")
    page = client.get(reverse("programmes:apply", args=[participant.pk]))
    assert page.status_code == 200
