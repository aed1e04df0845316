from django.contrib import admin

from .models import Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "kind", "is_authorized", "is_active", "updated_at"]
    list_filter = ["kind", "is_active", "is_authorized"]
    search_fields = ["name", "siret", "public_id"]
    readonly_fields = ["public_id", "created_at", "updated_at"]
    inlines = [MembershipInline]
