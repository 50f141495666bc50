"""The reasons Remento sends email. Each app registers its own kinds.

A kind's templates live in templates/notifications/email/<name>/:
subject.txt, body.txt and body.html.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    # Finishes the sentence "You are receiving this email because ..."
    reason: str
    # Optional kinds (reminders, nudges) can be turned off by the recipient.
    optional: bool = False
    # How the kind is named on the email preferences page, e.g. "Reminders before a meeting".
    label: str = ""
    # Optional: notification -> [(filename, content, mimetype)], files built from the subject (an .ics invite).
    attachments: Callable | None = None
    # Optional: notification -> bool, whether its reason still holds (the agreement still unsigned, the meeting
    # still ahead). Asked before a retry or a late send: one whose reason has passed is not sent. None: always.
    still_current: Callable | None = None


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise LookupError(f"Unknown notification kind {name!r}; register it in notifications.kinds.") from None
