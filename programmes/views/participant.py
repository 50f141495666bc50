"""Views: see programmes/urls.py for this module's section."""

from django.http import Http404


def open_recruitment(request):
    raise Http404  # built by the recruitment work
