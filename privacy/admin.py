"""The audit log, read-only for site administrators: nobody can add, change or delete an entry here."""

from django.contrib import admin

from privacy.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "target_user", "programme", "detail")
    list_filter = ("action",)
    list_select_related = ("actor", "target_user", "programme")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
