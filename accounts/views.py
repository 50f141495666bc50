"""The person's own account: their name (asked once, on first sign-in), the Account page, confirming by code."""

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import BaseConfirmCodeForm
from allauth.account.internal.flows.code_verification import AbstractCodeVerificationProcess
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.account.views import BaseReauthenticateView
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.forms import NameForm
from accounts.services import user_set_name


def _safe_next(request) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


@never_cache
@login_required
def name_prompt(request):
    """Asked once, by remento.middleware.AskForNameMiddleware, of anyone signed in without a name."""
    form = NameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_set_name(user=request.user, name=form.cleaned_data["name"])
        return redirect(_safe_next(request) or "home")
    return render(request, "account/name.html", {"form": form, "next": _safe_next(request)})


@never_cache
@login_required
def account(request):
    """Your account: your name (changeable here) and your email address (changed through allauth's page)."""
    form = NameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_set_name(user=request.user, name=form.cleaned_data["name"])
        messages.success(request, _("Your name is saved."))
        return redirect("accounts:account")
    address = EmailAddress.objects.filter(user=request.user, email__iexact=request.user.email).first()
    return render(
        request,
        "account/account.html",
        {
            "form": form,
            "verified": bool(address and address.verified),
            "has_password": request.user.has_usable_password(),
        },
    )


SESSION_KEY = "remento_reauthentication_code"


class ReauthenticationCodeProcess(AbstractCodeVerificationProcess):
    """allauth's code verification (timeout, attempts) for a code that confirms a signed-in person, kept in
    the session. Codes are allauth's login codes, with allauth's timeout and number of attempts."""

    def __init__(self, request, state):
        super().__init__(
            max_attempts=allauth_settings.LOGIN_BY_CODE_MAX_ATTEMPTS,
            timeout=allauth_settings.LOGIN_BY_CODE_TIMEOUT,
            state=state,
            user=request.user,
        )
        self.request = request

    @classmethod
    def start(cls, request) -> "ReauthenticationCodeProcess":
        process = cls(request, cls.initial_state(user=request.user, email=request.user.email))
        process.send()
        process.persist()
        return process

    @classmethod
    def pending(cls, request) -> "ReauthenticationCodeProcess | None":
        state = request.session.get(SESSION_KEY)
        if not state or state.get("user_id") != str(request.user.pk):
            return None
        return cls(request, state).abort_if_invalid()

    def send(self) -> None:
        adapter = get_adapter(self.request)
        self.state["code"] = adapter.generate_login_code()
        adapter.send_mail("account/email/reauthentication_code", self.state["email"], {"code": self.code})

    def persist(self) -> None:
        self.request.session[SESSION_KEY] = self.state

    def abort(self) -> None:
        self.request.session.pop(SESSION_KEY, None)


@method_decorator([never_cache, login_required], name="dispatch")
class ReauthenticateByCodeView(BaseReauthenticateView):
    """Confirm it is you with a code emailed to your address (allauth offers this through our adapter)."""

    form_class = BaseConfirmCodeForm
    template_name = "account/reauthenticate_code.html"

    def post(self, request, *args, **kwargs):
        if "send" in request.POST:
            # The same limit as asking for a sign-in code, per address.
            if not ratelimit.consume(request, action="request_login_code", key=request.user.email.lower()):
                messages.error(request, _("Too many codes asked for. Wait a few minutes and try again."))
            else:
                ReauthenticationCodeProcess.start(request)
                messages.info(request, _("We have emailed a code to %(email)s.") % {"email": request.user.email})
            return redirect(request.get_full_path())
        if ReauthenticationCodeProcess.pending(request) is None:
            messages.error(request, _("That code has expired. Ask for a new one."))
            return redirect(request.get_full_path())
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        process = ReauthenticationCodeProcess.pending(self.request)
        kwargs["code"] = process.code if process else None
        return kwargs

    def form_valid(self, form):
        ReauthenticationCodeProcess.pending(self.request).abort()
        record_authentication(self.request, self.request.user, method="code", reauthenticated=True)
        return super().form_valid(form)

    def form_invalid(self, form):
        process = ReauthenticationCodeProcess.pending(self.request)
        if process and not process.record_invalid_attempt():
            messages.error(self.request, _("That code was wrong too many times. Ask for a new one."))
            return redirect(self.request.get_full_path())
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["code_sent"] = ReauthenticationCodeProcess.pending(self.request) is not None
        return context


reauthenticate_by_code = ReauthenticateByCodeView.as_view()
