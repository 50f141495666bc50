"""Uploads are checked for type and size: invitation CSVs and programme resources."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from programmes.models import Participant, Resource

pytestmark = pytest.mark.django_db

HEADER = "email,name,role,grade,directorate\n"


def _invite(world, content: bytes, name="people.csv"):
    client = world.client_for("lead")
    url = reverse("programmes:invite", args=[world.cohort.pk])
    return client.post(url, {"form": "csv", "csv-file": SimpleUploadedFile(name, content, content_type="text/csv")})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ((HEADER + "a@example.org,A,mentor,,\n").encode() + b"x" * (1024 * 1024), "larger than 1 MB"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a UTF-8 CSV"),
        (b"email;name;role\n", "The first line must be the column names"),
        ((HEADER + "".join(f"p{i}@example.org,P,mentor,,\n" for i in range(2001))).encode(), "more than 2000 people"),
        ((HEADER + "a@example.org,A\x00B,mentor,,\n").encode(), "control character"),
        ((HEADER + "not-an-email,<script>alert(1)</script>,boss,,\n").encode(), "is not an email address"),
    ],
    ids=["too-big", "binary", "wrong-columns", "too-many-rows", "nul-character", "bad-row"],
)
def test_a_bad_invitation_file_is_explained_and_invites_nobody(world, content, message):
    people_before = Participant.objects.count(), User.objects.count()
    response = _invite(world, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "<script>alert(1)</script>" not in page  # shown back escaped, never as markup
    assert (Participant.objects.count(), User.objects.count()) == people_before


def _add_resource(world, upload):
    url = reverse("programmes:resources", args=[world.programme.pk])
    return world.client_for("lead").post(url, {"title": "Guide", "audience": "all", "file": upload})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "Upload a PDF, Word"),
        ("page.html", b"<script>alert(1)</script>", "Upload a PDF, Word"),
        ("guide.svg", b"<svg onload=alert(1)>", "Upload a PDF, Word"),
        ("guide.pdf", b"%PDF-1.4 " + b"0" * (10 * 1024 * 1024), "larger than 10 MB"),
        ("guide.pdf", b"<html><script>alert(1)</script></html>", "named as a PDF file but its contents are not one"),
        ("guide.docx", b"MZ\x90\x00", "named as a Word file but its contents are not one"),
    ],
    ids=["program", "html", "svg", "too-big", "html-named-pdf", "program-named-word"],
)
def test_a_resource_of_the_wrong_type_or_size_is_refused(world, settings, tmp_path, name, content, message):
    settings.MEDIA_ROOT = tmp_path
    response = _add_resource(world, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors["file"]  # beside the file field
    assert 'value="Guide"' in response.content.decode()  # what was typed is kept
    assert not Resource.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_resource_file_is_always_downloaded_never_shown_in_the_browser(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _add_resource(world, SimpleUploadedFile("guide.txt", b"<html><script>alert(1)</script></html>"))
    resource = Resource.objects.get()
    response = world.client_for("mentor").get(reverse("programmes:resource_file", args=[resource.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_request_with_too_many_fields_is_refused_without_an_error_page(world):
    url = reverse("programmes:cohort", args=[world.cohort.pk])
    data = {f"field{i}": "x" for i in range(1500)}
    response = world.client_for("lead").post(url, data)
    assert response.status_code == 400
