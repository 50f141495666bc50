from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from evaluation.services import invitations_open_for
from remento.context_processors import request_menu


@login_required
def home(request):
    # The menu, drawn on every page, already holds everything the cards show: only surveys are asked for here.
    context = {"menu": request_menu(request), "open_surveys": invitations_open_for(request.user)}
    return render(request, "home.html", context)


@never_cache
def healthz(request):
    """For the load balancer: the web process is up and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
