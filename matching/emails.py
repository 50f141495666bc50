"""The kinds of email the matching app sends. None carries what anyone shared or wrote: they link to the page."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, register

PAIRING_INTRODUCTION = register(
    Kind("pairing_introduction", reason="your programme lead has matched you with a partner")
)
REMATCH_REQUEST = register(Kind("rematch_request", reason="you lead a programme in which a pairing will not continue"))
PAIRING_CONCERN = register(
    Kind("pairing_concern", reason="you lead a programme in which someone raised a concern about their pairing")
)
# Both partners, in the same words, when either ends the pairing without fault (never who asked).
PAIRING_ENDED = register(Kind("pairing_ended", reason=_("you were paired in a reverse mentoring programme")))
