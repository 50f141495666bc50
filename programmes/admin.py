"""Site administrators create organisations here and invite each one's first administrator.

From then on the organisation's own administrators manage administrators on
its settings page. Nothing about participants is registered: what people share
about themselves is for their programme's leads, not for site administrators.
"""

from django import forms
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from programmes.models import Organisation, RoleInvitation
from programmes.services.leads import RoleError
from programmes.services.organisation import organisation_seed_topics
from programmes.services.roles import role_invite


class OrganisationAdminForm(forms.ModelForm):
    administrator_email = forms.EmailField(
        label=_("Invite an administrator (email)"),
        required=False,
        help_text=_(
            "They get an email with a link, accept, and sign in with a code: no password is set or passed on. "
            "Needed for a new organisation; after that its administrators invite others on its settings page."
        ),
    )

    class Meta:
        model = Organisation
        fields = ["name", "retention_days"]

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("administrator_email"):
            self.add_error("administrator_email", _("A new organisation needs its first administrator."))
        return cleaned


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    list_display = ("name", "retention_days", "created_at")
    search_fields = ("name",)
    fields = ("name", "retention_days", "administrators", "administrator_email")
    readonly_fields = ("administrators",)

    @admin.display(description=_("Administrators"))
    def administrators(self, organisation):
        if not organisation.pk:
            return "-"
        admins = organisation.memberships.filter(is_admin=True).select_related("user").order_by("user__email")
        waiting = organisation.role_invitations.filter(
            role=RoleInvitation.Role.ADMIN, accepted_at__isnull=True
        ).select_related("user")
        rows = [(m.user.email, "") for m in admins] + [
            (i.user.email, _(" (invited, not yet accepted)")) for i in waiting
        ]
        return format_html_join(", ", "{}{}", rows) or "-"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            organisation_seed_topics(organisation=obj)
        email = form.cleaned_data.get("administrator_email")
        if email:
            try:
                role_invite(organisation=obj, role=RoleInvitation.Role.ADMIN, email=email, invited_by=request.user)
            except RoleError as error:
                self.message_user(request, str(error), level="warning")
            else:
                self.message_user(request, _("Invited %(email)s to administer %(o)s.") % {"email": email, "o": obj})
