from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


class UserAddForm(forms.ModelForm):
    """A new account has no password: its owner signs in with a code emailed to the address."""

    class Meta:
        model = User
        fields = ["email", "name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "name", "is_staff", "is_active", "last_login")
    search_fields = ("email", "name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("name",)}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_form = UserAddForm
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name")}),)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.email = obj.email.lower()
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if not change:
            # Signing in by code verifies the address, as for anyone invited.
            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"primary": True, "verified": False})

    def has_delete_permission(self, request, obj=None):
        # Deleting an account would cascade through its participations, pairings and meeting counts, losing
        # the anonymous aggregates. People are erased through My data or by their lead, which keeps those.
        return False


# allauth's own admin for authenticators shows their data: the TOTP secret and the
# recovery codes' seed. A site admin may see that someone has a second factor, and
# remove it for a person who lost their phone, but never the secret itself.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    search_fields = ("user__email",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
