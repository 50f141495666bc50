"""Sealing a submitted survey response until it can be opened in a batch (docs/anonymity.md, "Sealed until a batch").

A sealed response is a Fernet token (AES and an HMAC, from the `cryptography` package) made with a key from
settings, never from the database: a copy of the database holds only ciphertext for responses that wait. Two
things about a token would still say something, so both are made the same for every response:

- its time: a Fernet token carries the moment it was made, in the clear. Every token here says the epoch;
- its length: a token is as long as what it holds, so a long comment would make a long token that could be
  matched to its comment once opened. Every response is padded to the longest that a response to its survey
  could be (`payload_size`), so every token of a survey has one length.

This module only encrypts and decrypts; evaluation/services.py decides when a batch is opened.
"""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

from evaluation.models import ANSWER_TEXT_MAX, Question

SEALED_AT = 0  # the time every token carries: the epoch, for every response alike
# JSON writes a control character as \u001f: six bytes for one character, the most any character takes.
BYTES_PER_CHARACTER = 6
ANSWER_OVERHEAD = 32  # brackets, commas, quotes and a question id of up to 20 digits
YES_NO_LONGEST = len("undecided")


def _keys() -> list[bytes]:
    """SURVEY_SEAL_KEYS, newest first; without them (demo, tests) keys derived from SECRET_KEY and its fallbacks."""
    if settings.SURVEY_SEAL_KEYS:
        return [key.encode() for key in settings.SURVEY_SEAL_KEYS]
    return [
        base64.urlsafe_b64encode(hashlib.sha256(f"remento-survey-seal:{secret}".encode()).digest())
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def payload_size(questions) -> int:
    """The longest, in bytes, that the answers to these questions could be once written as JSON."""
    size = 2
    for question in questions:
        choices = [len(choice) for choice in question.choices or []]
        if question.kind == Question.Kind.TEXT:
            longest = ANSWER_TEXT_MAX
        elif question.kind == Question.Kind.MULTIPLE:
            longest = sum(length + 3 for length in choices)
        elif question.kind == Question.Kind.SINGLE:
            longest = max(choices, default=0)
        elif question.kind == Question.Kind.YES_NO:
            longest = YES_NO_LONGEST
        else:  # a Likert score or a number
            longest = 11
        size += ANSWER_OVERHEAD + BYTES_PER_CHARACTER * longest
    return size


def seal(answers: list[tuple[int, object]], *, size: int) -> bytes:
    """The answers, [(question id, value)], as a token padded to `size` bytes of content."""
    pairs = [[question_id, value] for question_id, value in answers]
    content = json.dumps(pairs, ensure_ascii=False, separators=(",", ":")).encode()
    # JSON ignores trailing spaces. Anything longer than `size` (which the form prevents) is padded to a multiple.
    padded_to = size * max(1, -(-len(content) // size))
    content += b" " * (padded_to - len(content))
    return base64.urlsafe_b64decode(_fernet().encrypt_at_time(content, SEALED_AT))


def unseal(sealed: bytes) -> list[tuple[int, object]]:
    """The answers a token holds. Raises cryptography.fernet.InvalidToken if no key in settings opens it."""
    content = _fernet().decrypt(base64.urlsafe_b64encode(bytes(sealed)))
    return [(question_id, value) for question_id, value in json.loads(content)]


def with_newest_key(sealed: bytes) -> bytes:
    """The same content sealed again with the first key in settings (the time stays the epoch)."""
    return base64.urlsafe_b64decode(_fernet().rotate(base64.urlsafe_b64encode(bytes(sealed))))


def key_problems() -> list[str]:
    """What is wrong with SURVEY_SEAL_KEYS, for the system check."""
    problems = []
    for position, key in enumerate(settings.SURVEY_SEAL_KEYS, 1):
        try:
            Fernet(key.encode())
        except ValueError:
            problems.append(f"Key {position} of SURVEY_SEAL_KEYS is not a Fernet key (32 url-safe base64 bytes).")
    return problems
