"""How much free text a person may type into one box, and the message when there is more.

Every free-text field people type (meeting summaries, reflections, actions, outcomes, concerns, lead notes,
objectives, agreements...) carries one of these limits as a validator, on the model field where there is one and
on the form field otherwise. Forms show the message beside the field with everything typed still in the box.
There is deliberately no `maxlength` attribute on the text box: a browser would cut a long paste short without a
word, and the end of what was pasted would be lost on saving.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# A reason, an action, what one would rather not discuss: a few sentences.
SHORT_TEXT = 2_000
# A concern, an outcome, a lead's note, objectives, a description: a few paragraphs.
TEXT = 5_000
# A meeting's summary or a reflection on it, peer-support notes, the steering group's reasons: a page or two.
LONG_TEXT = 10_000
# The mentoring agreement and the privacy notice: whole documents.
DOCUMENT = 20_000


@deconstructible
class TextLimit(MaxLengthValidator):
    """At most `limit_value` characters, with a message that says both numbers, formatted for people."""

    message = _(
        "This is %(show_value)s characters long; the most it can be is %(limit_value)s. Shorten it and save again."
    )

    def __call__(self, value):
        length = len(value or "")
        if length > self.limit_value:
            raise ValidationError(
                self.message,
                code="max_length",
                params={"limit_value": f"{self.limit_value:,}", "show_value": f"{length:,}", "value": value},
            )
