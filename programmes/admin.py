"""Site administrators create organisations and name their first administrators here.

Nothing about participants is registered: what people share about
themselves is for their programme's leads, not for site administrators.
"""

from django.contrib import admin

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
