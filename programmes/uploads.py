"""What a programme resource may be: its name's ending and its first bytes must agree.

A file's name says nothing about what is inside it, and the person downloading a
"handbook.pdf" trusts the programme that it is one. So each allowed type is also
recognised by its contents: the signature every such file starts with, and for the
Office formats the part of the zip package that makes it Word, PowerPoint or Excel.
Nothing is unpacked beyond the package's table of contents.
"""

import zipfile
from pathlib import Path

MAX_FILE_BYTES = 10 * 1024 * 1024
SNIFF_BYTES = 64 * 1024


def _starts_with(*signatures: bytes):
    return lambda upload: _head(upload).startswith(signatures)


def _office_package(folder: str):
    """A Word/PowerPoint/Excel file is a zip package holding [Content_Types].xml and its own folder.

    It must also start as a zip does: zipfile finds a package from the end of the file, so it would accept
    anything put in front of one."""

    def check(upload) -> bool:
        if not _head(upload).startswith(b"PK\x03\x04"):
            return False
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as package:
                names = package.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        finally:
            upload.seek(0)
        return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)

    return check


def _plain_text(upload) -> bool:
    """Text, not a program or a document in disguise: UTF-16 with its byte-order mark (Notepad's "Unicode"),
    or no NUL bytes and readable as UTF-8 or as Windows text."""
    head = _head(upload)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decodes(head, "utf-16")
    return b"\x00" not in head and (_decodes(head, "utf-8") or _decodes(head, "cp1252"))


def _decodes(head: bytes, encoding: str) -> bool:
    try:
        head.decode(encoding)
    except UnicodeDecodeError as error:
        # Only a sample cut short by SNIFF_BYTES may end part-way through a character.
        return len(head) == SNIFF_BYTES and error.reason in ("unexpected end of data", "truncated data")
    return True


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return head


# name ending -> (what people call it, how to recognise its contents)
FILE_TYPES = {
    ".pdf": ("PDF", _starts_with(b"%PDF-")),
    ".docx": ("Word", _office_package("word/")),
    ".pptx": ("PowerPoint", _office_package("ppt/")),
    ".xlsx": ("Excel", _office_package("xl/")),
    ".txt": ("text", _plain_text),
    ".png": ("PNG image", _starts_with(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("JPEG image", _starts_with(b"\xff\xd8\xff")),
    ".jpeg": ("JPEG image", _starts_with(b"\xff\xd8\xff")),
}


def resource_file_problem(upload) -> str | None:
    """Why this upload cannot be a programme resource, in words for the lead; None if it can."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in FILE_TYPES:
        return "Upload a PDF, Word, PowerPoint, Excel, text or image file."
    if upload.size > MAX_FILE_BYTES:
        return "The file is larger than 10 MB."
    kind, looks_right = FILE_TYPES[suffix]
    if not looks_right(upload):
        return (
            f"This file is named as a {kind} file but its contents are not one. "
            f"Open it and save it again as {kind}, or upload the file it was made from."
        )
    return None
