"""Views: see programmes/urls.py for this module's section."""

from django.http import Http404


def organisation_settings(request, organisation_id):
    raise Http404  # built by the organisation-settings work
