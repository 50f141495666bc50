from django import forms


class EraseConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that this cannot be undone",
        error_messages={"required": "Tick the box to confirm that you understand this cannot be undone."},
    )
