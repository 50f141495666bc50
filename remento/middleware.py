import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers

from accounts.sessions import LAST_SEEN_AT, MFA_CHECKED, SIGNED_IN_AT
from remento.mfa import has_authenticator_app, mfa_required_for


class ContentSecurityPolicyMiddleware:
    """Send the site's Content-Security-Policy on every response.

    Django 5.2 has no CSP support of its own; the policy is one setting.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


# Writing the session on every request would cost a database write per page;
# a minute's slack on a 30-minute idle limit costs nothing.
TOUCH_EVERY_SECONDS = 60


class SessionLimitsMiddleware:
    """End a session after REMENTO_SESSION_IDLE_SECONDS idle or REMENTO_SESSION_MAX_SECONDS in all.

    The idle limit is also the session's own expiry (SESSION_COOKIE_AGE), so the
    database row lapses by itself; the checks here make both limits exact and
    give the absolute limit that Django does not have. Runs after authentication.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen_at = session.get(LAST_SEEN_AT, now)
            idle = now - last_seen_at > settings.REMENTO_SESSION_IDLE_SECONDS
            if idle or now - signed_in_at > settings.REMENTO_SESSION_MAX_SECONDS:
                logout(request)  # flushes the session: its row is deleted on the server
                why = "30 minutes without activity" if idle else "12 hours"
                messages.info(request, f"You were signed out after {why}, to keep people's information safe.")
            elif LAST_SEEN_AT not in session or now - last_seen_at > TOUCH_EVERY_SECONDS:
                session[LAST_SEEN_AT] = now  # saving the session pushes its expiry on
        return self.get_response(request)


# Pages a person who must set up a second factor may still reach: allauth's own
# account and MFA pages (sign out, re-authenticate, set up), and the health check.
MFA_EXEMPT_URL_NAMES = {"healthz"}
# Someone made a lead while signed in is asked to set up MFA within this long.
MFA_RECHECK_SECONDS = 5 * 60


def _exempt_from_mfa(request) -> bool:
    if request.path.startswith(settings.STATIC_URL) or request.path_info.startswith("/" + settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True  # a "page not found" shows nothing
    return match.url_name in MFA_EXEMPT_URL_NAMES or match.func.__module__.startswith("allauth.")


class RequireMFAMiddleware:
    """Send an organisation administrator, programme lead or site administrator
    without an authenticator app to set one up before anything else.

    allauth has MFA but no setting that requires it. Off when REMENTO_REQUIRE_MFA
    is off (the demo and the test suite; the tests that prove it turn it on).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.REMENTO_REQUIRE_MFA
            and request.user.is_authenticated
            and time.time() - request.session.get(MFA_CHECKED, 0) > MFA_RECHECK_SECONDS
            and not _exempt_from_mfa(request)
        ):
            if mfa_required_for(request.user) and not has_authenticator_app(request.user):
                messages.info(request, "Your role needs a second sign-in step. Set up an authenticator app first.")
                return redirect("mfa_activate_totp")
            # The answer holds for a few minutes (an authenticator app cannot be removed while
            # it is required), so most pages cost no query here; each sign-in checks afresh.
            request.session[MFA_CHECKED] = time.time()
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in person.

    Nearly every signed-in page shows personal or meeting data; marking them all
    is simpler and safer than remembering it page by page. Static files are
    served by whitenoise before this runs, so they stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response


# Pages a person without a name may still open: the name page itself, allauth's own pages
# (signing in and out, codes, second factors) and the health check.
NAME_EXEMPT_VIEW_NAMES = {"healthz", "accounts:name", "accounts:reauthenticate_code"}


class AskForNameMiddleware:
    """Send a signed-in person who has not given their name to a one-field page, then on where they were going.

    People invited by email arrive with an account that has only an address; names, not addresses, are
    what the site shows of a person. Only page views (GET) are redirected, so nothing posted is lost.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        nameless = user.is_authenticated and not user.name.strip()
        if nameless and request.method == "GET" and not _exempt_from_name(request):
            return redirect(f"{reverse('accounts:name')}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}")
        return self.get_response(request)


def _exempt_from_name(request) -> bool:
    if request.path.startswith(settings.STATIC_URL) or request.path_info.startswith("/" + settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True
    return match.view_name in NAME_EXEMPT_VIEW_NAMES or match.func.__module__.startswith("allauth.")
