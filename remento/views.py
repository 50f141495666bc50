from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from evaluation.services import invitations_open_for
from programmes.selectors import roles_for
from remento.context_processors import request_menu


@login_required
def home(request):
    context = {
        "roles": roles_for(request.user),
        "open_surveys": invitations_open_for(request.user),
        "pairings": request_menu(request).pairings,  # the menu's own list: no second query
    }
    return render(request, "home.html", context)


@never_cache
def healthz(request):
    """For the load balancer: the web process is up and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
