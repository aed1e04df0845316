from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from . import services
from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "email_verified_at", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name", "uuid"]
    readonly_fields = ["uuid", "date_joined", "last_login", "terms_version"]
    fieldsets = [
        (None, {"fields": ["uuid", "email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name"]}),
        (
            "État",
            {
                "fields": [
                    "email_verified_at",
                    "terms_accepted_at",
                    "terms_version",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                ]
            },
        ),
        ("Droits", {"fields": ["groups", "user_permissions"]}),
        ("Dates", {"fields": ["date_joined", "last_login"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "first_name", "last_name", "password1", "password2"]})
    ]
    actions = ["deactivate", "invalidate_password", "end_access"]

    def save_model(self, request, obj, form, change):
        """Rule: deactivating an account, or changing its email, in the edit form ends all its access."""
        if not change:
            return super().save_model(request, obj, form, change)
        before = User.objects.get(pk=obj.pk)
        deactivated = before.is_active and not obj.is_active
        if deactivated:
            obj.is_active = True  # the service deactivates and ends access in one step
        super().save_model(request, obj, form, change)
        who = f"staff {request.user.email}"
        if deactivated:
            services.deactivate_account(obj, reason=who)
        elif before.email.lower() != obj.email.lower():
            services.end_all_access(obj, reason=f"email changed by {who}")

    def user_change_password(self, request, id, form_url=""):
        """A password set by staff ends every session and token of the account, as a reset does."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            services.end_all_access(User.objects.get(pk=id), reason=f"password set by staff {request.user.email}")
        return response

    @admin.action(description="Désactiver (et couper tous les accès)", permissions=["change"])
    def deactivate(self, request, queryset):
        for user in queryset:
            services.deactivate_account(user, reason=f"staff {request.user.email}")
        self.message_user(request, f"{queryset.count()} compte(s) désactivé(s) ; sessions et jetons révoqués.")

    @admin.action(description="Invalider le mot de passe", permissions=["change"])
    def invalidate_password(self, request, queryset):
        for user in queryset:
            services.invalidate_password(user, reason=f"staff {request.user.email}")
        self.message_user(
            request,
            f"{queryset.count()} mot(s) de passe invalidé(s) ; sessions et jetons révoqués. "
            "À la prochaine connexion, la personne sera invitée à choisir un nouveau mot de passe.",
            messages.SUCCESS,
        )

    @admin.action(description="Déconnecter de tous les services", permissions=["change"])
    def end_access(self, request, queryset):
        for user in queryset:
            services.end_all_access(user, reason=f"staff {request.user.email}")
        self.message_user(request, f"{queryset.count()} compte(s) déconnecté(s) de tous les services.")
