from django.conf import settings
from django.urls import reverse

from programmes.selectors import roles_for


def request_roles(request):
    """The requester's roles, computed once per request and shared by views and the layout."""
    if not hasattr(request, "_roles"):
        request._roles = roles_for(request.user)
    return request._roles


def request_pairings(request):
    """The requester's current pairings (matching), once per request: for the menu and the home page."""
    if not hasattr(request, "_pairings"):
        from matching.selectors import pairings_for

        # Asked for everyone signed in, so a page runs the same queries whatever roles its reader has.
        request._pairings = pairings_for(request.user)
    return request._pairings


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"open_signup": settings.REMENTO_OPEN_SIGNUP}
    roles = request_roles(request)
    items = []
    if roles.participations:
        items.append({"label": "My programme", "url": reverse("programmes:my_programme")})
        pairings = [p for p in request_pairings(request) if p.is_current]
        for pairing in pairings:
            label = "Your pairing" if len(pairings) == 1 else f"Your pairing ({pairing.cohort.name})"
            items.append({"label": label, "url": reverse("meetings:pair", args=[pairing.pk])})
    items.append({"label": "Join a programme", "url": reverse("programmes:recruitment")})
    for programme in roles.led_programmes:
        items.append({"label": programme.name, "url": reverse("programmes:programme", args=[programme.pk])})
    for organisation in roles.admin_organisations:
        items.append(
            {
                "label": f"{organisation.name} settings",
                "url": reverse("programmes:organisation", args=[organisation.pk]),
            }
        )
    # Everyone signed in can see and download what is held about them (privacy app).
    items.append({"label": "My data", "url": reverse("privacy:my_data")})
    return {"roles": roles, "nav_items": items}
