"""Views: see programmes/urls.py for this module's section."""

from django.http import Http404


def my_programme(request):
    raise Http404  # built by the events work
