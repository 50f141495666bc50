from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class NameForm(forms.ModelForm):
    """The one thing asked of a person on first sign-in: the name colleagues know them by."""

    class Meta:
        model = User
        fields = ["name"]
        labels = {"name": _("Your name")}
        help_texts = {
            "name": _(
                "As your colleagues know you, e.g. “Priya Shah”. Remento shows it wherever you are named, instead "
                "of your email address."
            )
        }
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["name"].error_messages["required"] = _("Enter your name.")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name
