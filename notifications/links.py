"""Where the links in emails point: SITE_URL when it is set, else the address the site was opened at.

Production sets SITE_URL (a deploy check says so): its workers render emails with no request at hand. The demo
runs its tasks in the web process, inside the request that caused them, so with SITE_URL unset an email's links
use that request's scheme and host (validated against ALLOWED_HOSTS by Django), whatever port serves the site.
"""

from contextvars import ContextVar

from django.conf import settings

FALLBACK = "http://127.0.0.1:8000"

_request_origin: ContextVar[str] = ContextVar("request_origin", default="")


def site_url() -> str:
    """The scheme and host email links start with, without a trailing slash."""
    return settings.SITE_URL or _request_origin.get() or FALLBACK


class RequestOriginMiddleware:
    """With SITE_URL unset, remember the current request's origin for the emails its work sends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SITE_URL:
            return self.get_response(request)
        token = _request_origin.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _request_origin.reset(token)
