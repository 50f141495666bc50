"""Views: see programmes/urls.py for this module's section."""

from django.http import Http404


def programme_overview(request, programme_id):
    raise Http404  # built by the leads work


def cohort_roster(request, cohort_id):
    raise Http404  # built by the leads work
