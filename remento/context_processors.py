from django.conf import settings

from programmes.selectors import roles_for


def request_roles(request):
    """The requester's roles, computed once per request and shared by views and the layout."""
    if not hasattr(request, "_roles"):
        request._roles = roles_for(request.user)
    return request._roles


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"open_signup": settings.REMENTO_OPEN_SIGNUP}
    return {"roles": request_roles(request), "nav_items": []}
