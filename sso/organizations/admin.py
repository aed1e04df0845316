from django.contrib import admin, messages

from . import services
from .models import Invitation, JoinRequest, Membership, Organization, ReferenceStructure, SignupRequest


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Staff change an organisation's kind and create prescriber antennas here."""

    list_display = ["name", "siret", "kind", "is_authorized", "is_active", "updated_at"]
    list_filter = ["kind", "is_active", "is_authorized"]
    search_fields = ["name", "siret", "public_id", "asp_id"]
    readonly_fields = ["public_id", "created_at", "updated_at", "deactivated_at"]
    inlines = [MembershipInline]


@admin.register(ReferenceStructure)
class ReferenceStructureAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "kind", "asp_id", "convention_end_date", "missing_since", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "siret", "asp_id"]

    def has_change_permission(self, request, obj=None):
        return False  # Comes from the ASP's file only.


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "sent_at", "expires_at", "accepted_at", "cancelled_at"]
    search_fields = ["email", "organization__name"]
    exclude = ["token_hash"]
    raw_id_fields = ["organization", "invited_by", "accepted_by"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["organization", "user", "decided_by"]


@admin.register(SignupRequest)
class SignupRequestAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "kind", "user", "status", "created_at"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["user", "organization"]
    actions = ["approve"]

    @admin.action(description="Approuver : créer la structure et nommer le demandeur administrateur")
    def approve(self, request, queryset):
        for signup_request in queryset.filter(status=SignupRequest.Status.PENDING):
            try:
                services.approve_signup_request(signup_request)
            except services.OrganizationRefused as exc:
                self.message_user(request, f"{signup_request} : {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{signup_request} : structure créée.", messages.SUCCESS)
