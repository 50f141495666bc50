"""The organisation administrator's settings: grades, directorates, networks, topics, privacy, programmes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from programmes import access
from programmes.forms.organisation import (
    AdminInviteForm,
    LadderForm,
    LeadInviteForm,
    NamedItemsForm,
    PrivacyForm,
    ProgrammeCreateForm,
)
from programmes.models import Membership, ProgrammeRole, RoleInvitation
from programmes.services import organisation as services

KINDS = {"directorates": "directorate", "networks": "staff network", "topics": "topic"}
KIND_PLURALS = {"directorates": "directorates", "networks": "staff networks", "topics": "topics"}


def overview(request, organisation, **forms):
    """The settings page, with any form that failed kept as it was posted."""
    waiting = RoleInvitation.objects.filter(accepted_at__isnull=True).select_related("user").order_by("created_at")
    ladders: dict[str, list] = {}
    for grade in organisation.grades.all():
        ladders.setdefault(grade.ladder, []).append(grade)
    context = {
        "organisation": organisation,
        "ladders": ladders,
        "directorates": organisation.directorates.all(),
        "networks": organisation.networks.all(),
        "topics": organisation.topics.all(),
        "programmes": organisation.programmes.prefetch_related(
            Prefetch(
                "roles",
                queryset=ProgrammeRole.objects.filter(role=ProgrammeRole.Role.LEAD).select_related("user"),
                to_attr="lead_roles",
            ),
            Prefetch(
                "role_invitations",
                queryset=waiting.filter(role=RoleInvitation.Role.LEAD),
                to_attr="lead_invitations",
            ),
        ),
        "admins": Membership.objects.filter(organisation=organisation, is_admin=True)
        .select_related("user")
        .order_by("user__name", "user__email"),
        "admin_invitations": waiting.filter(organisation=organisation, role=RoleInvitation.Role.ADMIN),
        "admin_form": forms.get("admin_form") or AdminInviteForm(),
        "lead_form": forms.get("lead_form") or LeadInviteForm(organisation=organisation),
        "ladder_form": forms.get("ladder_form") or LadderForm(),
        "item_forms": {kind: forms.get(kind) or NamedItemsForm(kind=kind) for kind in KINDS},
        "privacy_form": forms.get("privacy_form") or PrivacyForm(instance=organisation),
        "programme_form": forms.get("programme_form") or ProgrammeCreateForm(organisation=organisation),
        "kinds": KINDS,
    }
    return render(request, "programmes/organisation/settings.html", context)


@login_required
def organisation_settings(request, organisation_id):
    organisation = access.organisation_for_admin(request, organisation_id)
    return overview(request, organisation)


@require_POST
@login_required
def ladder_add(request, organisation_id):
    organisation = access.organisation_for_admin(request, organisation_id)
    form = LadderForm(request.POST)
    if form.is_valid():
        try:
            grades = services.ladder_add(
                organisation=organisation, ladder=form.cleaned_data["ladder"], grades=form.cleaned_data["grades"]
            )
        except services.SettingsError as error:
            form.add_error("grades", str(error))
        else:
            messages.success(request, f"Added {len(grades)} grades to “{form.cleaned_data['ladder']}”.")
            return redirect("programmes:organisation", organisation.pk)
    return overview(request, organisation, ladder_form=form)


@require_POST
@login_required
def item_add(request, organisation_id, kind):
    organisation = access.organisation_for_admin(request, organisation_id)
    if kind not in KINDS:
        raise Http404
    form = NamedItemsForm(request.POST, kind=kind)
    if form.is_valid():
        try:
            added, already = services.items_add(organisation=organisation, kind=kind, **form.cleaned_data)
        except services.SettingsError as error:
            form.add_error("names", str(error))
        else:
            message = ngettext("Added %(count)s %(kind)s.", "Added %(count)s %(kinds)s.", len(added)) % {
                "count": len(added),
                "kind": KINDS[kind],
                "kinds": KIND_PLURALS[kind],
            }
            if already:
                message += " " + _("Already on the list, so skipped: %(names)s.") % {"names": ", ".join(already)}
            messages.success(request, message)
            return redirect("programmes:organisation", organisation.pk)
    return overview(request, organisation, **{kind: form})


@require_POST
@login_required
def item_delete(request, organisation_id, kind, item_id):
    organisation = access.organisation_for_admin(request, organisation_id)
    if kind not in (*KINDS, "grades"):
        raise Http404
    try:
        services.item_delete(organisation=organisation, kind=kind, item_id=item_id)
    except ObjectDoesNotExist:  # not this organisation's, or gone
        raise Http404 from None
    except services.SettingsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Deleted.")
    return redirect("programmes:organisation", organisation.pk)


@require_POST
@login_required
def privacy_update(request, organisation_id):
    organisation = access.organisation_for_admin(request, organisation_id)
    form = PrivacyForm(request.POST, instance=organisation)
    if form.is_valid():
        services.privacy_update(organisation=organisation, **form.cleaned_data)
        messages.success(request, "Privacy notice and retention saved.")
        return redirect("programmes:organisation", organisation.pk)
    organisation.refresh_from_db()
    return overview(request, organisation, privacy_form=form)


@require_POST
@login_required
def programme_create(request, organisation_id):
    organisation = access.organisation_for_admin(request, organisation_id)
    form = ProgrammeCreateForm(request.POST, organisation=organisation)
    if form.is_valid():
        programme, invitation = services.programme_create(
            organisation=organisation, actor=request.user, **form.cleaned_data
        )
        if invitation is None:
            messages.success(request, _("Created “%(programme)s”. You lead it.") % {"programme": programme.name})
        else:
            messages.success(
                request,
                _("Created “%(programme)s” and invited %(email)s to lead it.")
                % {"programme": programme.name, "email": form.cleaned_data["lead_email"]},
            )
        return redirect("programmes:organisation", organisation.pk)
    return overview(request, organisation, programme_form=form)


@require_POST
@login_required
def item_rename(request, organisation_id, kind, item_id):
    organisation = access.organisation_for_admin(request, organisation_id)
    if kind not in (*KINDS, "grades"):
        raise Http404
    name = request.POST.get("name", "").strip()[: 100 if kind == "grades" else 150]
    level = request.POST.get("level", "")
    try:
        if not name:
            raise services.SettingsError("Enter the new name.")
        if kind == "grades" and not level.isdigit():
            raise services.SettingsError("The level must be a whole number between 1 and 30.")
        services.item_rename(
            organisation=organisation, kind=kind, item_id=item_id, name=name, level=int(level) if level else None
        )
    except ObjectDoesNotExist:
        raise Http404 from None
    except services.SettingsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Renamed to “{name}”.")
    return redirect("programmes:organisation", organisation.pk)
