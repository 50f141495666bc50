from django import forms

from notifications.kinds import KINDS


class EmailPreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Send me these emails",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Emails about invitations, your match and surveys are always sent.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [
            (kind.name, kind.label or kind.name)
            for kind in sorted(KINDS.values(), key=lambda k: k.label)
            if kind.optional
        ]
