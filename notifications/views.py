from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from notifications.forms import EmailPreferencesForm
from notifications.models import EmailPreference
from notifications.services import email_preferences_set


@never_cache
@login_required
def email_preferences(request):
    if request.method == "POST":
        form = EmailPreferencesForm(request.POST)
        if form.is_valid():
            email_preferences_set(user=request.user, enabled_kinds=set(form.cleaned_data["kinds"]))
            messages.success(request, "Your email choices are saved.")
            return redirect("notifications:preferences")
    else:
        turned_off = set(
            EmailPreference.objects.filter(user=request.user, enabled=False).values_list("kind", flat=True)
        )
        form = EmailPreferencesForm()
        form.initial = {"kinds": [name for name, _ in form.fields["kinds"].choices if name not in turned_off]}
    return render(request, "notifications/preferences.html", {"form": form})
