"""Roles by invitation: organisation administrators (on the organisation's settings page), leads named by an
administrator, and the page an emailed invitation links to."""

from urllib.parse import urlencode

from allauth.account.internal.flows.email_verification import verify_email_indirectly
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from programmes import access
from programmes.forms.organisation import AdminInviteForm, LeadInviteForm
from programmes.models import Membership, RoleInvitation
from programmes.services import roles as services
from programmes.services.leads import RoleError
from programmes.views.organisation import overview


def _destination(invitation: RoleInvitation) -> str:
    if invitation.role == RoleInvitation.Role.ADMIN:
        return reverse("programmes:organisation", args=[invitation.organisation_id])
    if invitation.role == RoleInvitation.Role.LEAD:
        return reverse("programmes:programme", args=[invitation.programme_id])
    return reverse("home")


def _sign_in_by_code(request, user, target: str):
    """allauth's sign-in by code, started for the invited address: the code email follows at once."""
    if not ratelimit.consume(request, action="request_login_code", key=user.email.lower()):
        messages.error(request, _("Too many sign-in codes were asked for. Wait a few minutes, then sign in."))
        return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")
    LoginCodeVerificationProcess.initiate(request=request, user=user, email=user.email)
    return redirect(f"{reverse('account_confirm_login_code')}?{urlencode({REDIRECT_FIELD_NAME: target})}")


@never_cache
def role_invitation(request, token):
    """The page an invitation's link opens: accept, and sign in by code if not signed in already.

    Following the link proves the address (it was emailed there), so accepting marks it verified as allauth
    does after a code: the new administrator is never stopped at "verify your email".
    """
    invitation, expired = access.role_invitation_by_token(token)
    someone_else = request.user.is_authenticated and request.user.pk != invitation.user_id
    waiting = invitation.accepted_at is None
    if expired and waiting:
        return render(request, "programmes/roles/invitation.html", {"invitation": invitation, "expired": True})
    if request.method == "POST" and not someone_else:
        invitation = services.role_invitation_accept(invitation=invitation)
        verify_email_indirectly(request, invitation.user, invitation.user.email)
        target = _destination(invitation)
        if request.user.is_authenticated:
            messages.success(request, _("Welcome. You are now %(role)s.") % {"role": _role_now(invitation)})
            return redirect(target)
        return _sign_in_by_code(request, invitation.user, target)
    return render(
        request,
        "programmes/roles/invitation.html",
        {
            "invitation": invitation,
            "someone_else": someone_else,
            "waiting": waiting,
            "target": _destination(invitation),
        },
    )


def _role_now(invitation: RoleInvitation) -> str:
    if invitation.role == RoleInvitation.Role.ADMIN:
        return _("an administrator of %(organisation)s") % {"organisation": invitation.organisation}
    if invitation.role == RoleInvitation.Role.LEAD:
        return _("a lead of %(programme)s") % {"programme": invitation.programme}
    return _("on the steering group of %(programme)s") % {"programme": invitation.programme}


@require_POST
@login_required
def admin_invite(request, organisation_id):
    organisation = access.organisation_for_admin(request, organisation_id)
    form = AdminInviteForm(request.POST)
    if form.is_valid():
        try:
            services.role_invite(
                organisation=organisation,
                role=RoleInvitation.Role.ADMIN,
                email=form.cleaned_data["email"],
                invited_by=request.user,
            )
        except RoleError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, _("Invited %(email)s to be an administrator.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("programmes:organisation", organisation.pk)
    return overview(request, organisation, admin_form=form)


@login_required
def admin_remove(request, organisation_id, user_id):
    """Remove an administrator (a button on the settings page); removing yourself asks first, on this page."""
    organisation = access.organisation_for_admin(request, organisation_id)
    try:
        membership = Membership.objects.select_related("user").get(
            organisation=organisation, user_id=user_id, is_admin=True
        )
    except Membership.DoesNotExist:
        raise Http404 from None
    yourself = membership.user_id == request.user.pk
    if request.method == "POST" and (not yourself or request.POST.get("confirm") == "yes"):
        try:
            services.org_admin_remove(organisation=organisation, user_id=user_id, actor=request.user)
        except RoleError as error:
            messages.error(request, str(error))
            return redirect("programmes:organisation", organisation.pk)
        if yourself:
            messages.success(request, _("You are no longer an administrator of %(o)s.") % {"o": organisation})
            return redirect("home")
        messages.success(request, _("%(person)s is no longer an administrator.") % {"person": membership.user})
        return redirect("programmes:organisation", organisation.pk)
    last = not Membership.objects.filter(organisation=organisation, is_admin=True).exclude(pk=membership.pk).exists()
    return render(
        request,
        "programmes/roles/admin_remove.html",
        {"organisation": organisation, "membership": membership, "yourself": yourself, "last": last},
    )


@require_POST
@login_required
def lead_invite(request, organisation_id):
    """An administrator invites a lead to one of the organisation's programmes (e.g. when a lead moves on)."""
    organisation = access.organisation_for_admin(request, organisation_id)
    form = LeadInviteForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            invitation = services.role_invite(
                organisation=organisation,
                programme=form.cleaned_data["programme"],
                role=RoleInvitation.Role.LEAD,
                email=form.cleaned_data["email"],
                invited_by=request.user,
            )
        except RoleError as error:
            form.add_error("email", str(error))
        else:
            if invitation is None:
                messages.success(request, _("You now lead %(p)s.") % {"p": form.cleaned_data["programme"]})
            else:
                messages.success(
                    request,
                    _("Invited %(email)s to lead %(programme)s.")
                    % {"email": form.cleaned_data["email"], "programme": form.cleaned_data["programme"]},
                )
            return redirect("programmes:organisation", organisation.pk)
    return overview(request, organisation, lead_form=form)


@require_POST
@login_required
def role_invitation_withdraw(request, invitation_id):
    invitation = access.role_invitation_for_manager(request, invitation_id)
    services.role_invitation_withdraw(invitation=invitation)
    messages.success(request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.user.email})
    if request.POST.get("back") == "people" and invitation.programme_id:
        return redirect("programmes:programme_people", invitation.programme_id)
    return redirect("programmes:organisation", invitation.organisation_id)
