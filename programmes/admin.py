"""Site administrators create organisations and name their first administrators here.

Nothing about participants is registered: what people share about
themselves is for their programme's leads, not for site administrators.
"""

from django.contrib import admin

from accounts import audit
from programmes.models import Membership, Organisation
from programmes.services.organisation import organisation_seed_topics


class AdministratorInline(admin.TabularInline):
    model = Membership
    fields = ("user", "is_admin")
    autocomplete_fields = ("user",)
    extra = 1
    verbose_name = "staff member"
    verbose_name_plural = "staff members (tick “organisation administrator” for those who manage its settings)"


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "retention_days", "created_at")
    search_fields = ("name",)
    fields = ("name", "retention_days")
    inlines = [AdministratorInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            organisation_seed_topics(organisation=obj)

    def save_formset(self, request, form, formset, change):
        """The audit log records who made or unmade an organisation administrator (never other details)."""

        def admins():
            return set(
                Membership.objects.filter(organisation=form.instance, is_admin=True).values_list("user_id", flat=True)
            )

        before = admins() if change else set()
        super().save_formset(request, form, formset, change)
        after = admins()
        detail = f"organisation {form.instance.pk}"
        for user_id in after - before:
            audit.record(actor=request.user, action=audit.ORG_ADMIN_ADDED, target_user=user_id, detail=detail)
        for user_id in before - after:
            audit.record(actor=request.user, action=audit.ORG_ADMIN_REMOVED, target_user=user_id, detail=detail)
