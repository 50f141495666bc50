"""A programme resource's contents must be what its name says."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from programmes.uploads import resource_file_problem


def office_file(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(f"{folder}document.xml", "<document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("run.exe", b"MZ")
    return buffer.getvalue()


REAL_FILES = {
    "handbook.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    "agreement.docx": office_file("word/"),
    "launch.pptx": office_file("ppt/"),
    "timetable.xlsx": office_file("xl/"),
    "reading.txt": "Books to read together — Reni Eddo-Lodge, Afua Hirsch.\n".encode(),
    "windows.txt": "Café notes, “quoted”\r\n".encode("cp1252"),
    "notepad-unicode.txt": "Notes from the launch — “Unicode” in Notepad\r\n".encode("utf-16"),
    "long.txt": ("Reading list:" + "é" * 40_000).encode(),  # the 64 KB sample ends inside a character
    "photo.PNG": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "photo.jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    "photo.jpg": b"\xff\xd8\xff\xe1\x00\x10Exif",
}


@pytest.mark.parametrize("name", REAL_FILES)
def test_a_file_whose_contents_match_its_name_is_accepted(name):
    assert resource_file_problem(SimpleUploadedFile(name, REAL_FILES[name])) is None


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("handbook.pdf", b"<html><script>alert(1)</script></html>", "PDF"),
        ("agreement.docx", b"MZ\x90\x00\x03\x00\x00\x00", "Word"),
        ("agreement.docx", plain_zip(), "Word"),
        ("agreement.docx", office_file("xl/"), "Word"),  # a spreadsheet renamed
        ("launch.pptx", b"PK\x03\x04 not really a zip", "PowerPoint"),
        ("timetable.xlsx", office_file("word/"), "Excel"),
        ("agreement.docx", b"<html><script>alert(1)</script></html>" + office_file("word/"), "Word"),
        ("reading.txt", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "text"),
        ("reading.txt", b"hello\x81", "text"),
        ("photo.png", b"\xff\xd8\xff\xe0\x00\x10JFIF", "PNG image"),
        ("photo.jpg", b"GIF89a", "JPEG image"),
    ],
    ids=[
        "html-as-pdf",
        "program-as-word",
        "zip-as-word",
        "excel-as-word",
        "broken-zip",
        "word-as-excel",
        "html-before-word",
        "program-as-text",
        "undefined-byte-at-the-end",
        "jpeg-as-png",
        "gif-as-jpeg",
    ],
)
def test_a_file_whose_contents_do_not_match_its_name_is_refused_with_the_type_named(name, content, kind):
    problem = resource_file_problem(SimpleUploadedFile(name, content))
    assert problem is not None
    assert f"named as a {kind} file but its contents are not one" in problem


def test_checking_a_file_leaves_it_ready_to_be_stored_from_the_start():
    upload = SimpleUploadedFile("agreement.docx", office_file("word/"))
    assert resource_file_problem(upload) is None
    assert upload.read() == office_file("word/")
