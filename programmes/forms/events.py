from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from programmes.models import Attendance, Event, Resource
from programmes.uploads import resource_file_problem


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["kind", "title", "starts_at", "ends_at", "place", "audience", "notes"]
        labels = {
            "starts_at": "Starts",
            "ends_at": "Ends",
            "audience": "Who is invited",
            "notes": "Notes for leads (e.g. from a peer-support session)",
        }
        help_texts = {"notes": "Seen only by this programme's leads."}
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "The event must end after it starts.")
        return cleaned


class AttendanceFilterForm(forms.Form):
    """Which invitees the event page lists (and "select all shown" acts on)."""

    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Mentors and mentees")), ("mentor", _("Mentors")), ("mentee", _("Mentees"))],
        required=False,
    )
    reply = forms.ChoiceField(
        label=_("Reply"),
        choices=[("", _("Any reply")), ("yes", _("Will come")), ("no", _("Cannot come")), ("none", _("No reply yet"))],
        required=False,
    )

    def apply(self, attendances):
        chosen = self.cleaned_data if self.is_valid() else {}
        if chosen.get("role"):
            attendances = attendances.filter(participant__role=chosen["role"])
        if chosen.get("reply"):
            attendances = attendances.filter(reply="" if chosen["reply"] == "none" else chosen["reply"])
        return attendances


class AttendanceForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(coerce=int, required=False)
    # "Select all N shown": everyone the filters select came.
    everyone_shown = forms.BooleanField(required=False)

    def __init__(self, *args, shown, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(pk, pk) for pk in shown.values_list("pk", flat=True)]


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(choices=[(Attendance.Reply.YES, "Will come"), (Attendance.Reply.NO, "Cannot come")])


class ResourceForm(forms.ModelForm):
    url = forms.URLField(label="Link", required=False, assume_scheme="https")

    class Meta:
        model = Resource
        fields = ["title", "description", "url", "file", "audience"]
        labels = {"url": "Link", "audience": "Who can see it"}
        help_texts = {"file": "PDF, Word, PowerPoint, Excel, text or an image, up to 10 MB."}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile) and (problem := resource_file_problem(upload)):
            raise forms.ValidationError(problem)
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("url") and not cleaned.get("file") and not self.errors:
            raise forms.ValidationError("Give a link or upload a file.")
        return cleaned
