from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html_join

from . import services
from .models import (
    Invitation,
    JoinRequest,
    Membership,
    Organization,
    ReferenceStructure,
    SignupRequest,
    StructureClaim,
)
from .siret import clean_siret
from .text import MultilineCharField, OneLineCharField


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


class OrganizationAdminForm(forms.ModelForm):
    """Names and addresses typed by staff: on one line (a line break in a name broke every mail
    naming the organisation), NUL refused, SIRET checked. No Meta: the admin gives the model
    and its field list."""

    name = OneLineCharField(label="nom", max_length=255)
    address = OneLineCharField(label="adresse", max_length=255, required=False)
    city = OneLineCharField(label="commune", max_length=255, required=False)

    def clean_siret(self):
        return clean_siret(self.cleaned_data["siret"])


class SignupRequestAdminForm(forms.ModelForm):
    name = OneLineCharField(label="nom", max_length=255)
    city = OneLineCharField(label="commune", max_length=255, required=False)
    message = MultilineCharField(label="message", widget=forms.Textarea, required=False, max_length=5000)

    def clean_siret(self):
        return clean_siret(self.cleaned_data["siret"])


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Staff change an organisation's kind and create prescriber antennas here."""

    form = OrganizationAdminForm

    list_display = ["name", "siret", "kind", "is_authorized", "verified_at", "is_active", "updated_at"]
    list_filter = ["kind", "is_active", "is_authorized"]
    search_fields = ["name", "siret", "public_id", "asp_id"]
    readonly_fields = ["public_id", "created_at", "updated_at", "deactivated_at", "verified_at", "verified_domain"]
    raw_id_fields = ["parent"]
    inlines = [MembershipInline]
    actions = ["verify_buyer"]

    def save_formset(self, request, form, formset, change):
        # A staff change of a membership is a new version: a member's page opened before is stale.
        for inline_form in formset.forms:
            if inline_form.instance.pk and inline_form.has_changed():
                inline_form.instance.version += 1
        super().save_formset(request, form, formset, change)

    @admin.action(description="Vérifier ces organisations d'achat (leurs membres verront les coordonnées)")
    def verify_buyer(self, request, queryset):
        for organization in queryset:
            try:
                services.verify_buyer_by_staff(organization)
            except services.OrganizationRefused as exc:
                self.message_user(request, f"{organization} : {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{organization} : vérifiée.", messages.SUCCESS)


@admin.register(ReferenceStructure)
class ReferenceStructureAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "siret",
        "kind",
        "asp_id",
        "auth_email",
        "convention_end_date",
        "missing_since",
        "is_active",
    ]
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
    form = SignupRequestAdminForm
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


class RefusalForm(forms.Form):
    reason = MultilineCharField(
        label="Motif du refus (envoyé à la personne)", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


@admin.register(StructureClaim)
class StructureClaimAdmin(admin.ModelAdmin):
    """Staff check the proofs of belonging here and approve or refuse them (with a reason)."""

    list_display = ["organization", "user", "method", "status", "created_at", "decided_at"]
    list_filter = ["status", "method"]
    search_fields = ["organization__name", "organization__siret", "user__email"]
    actions = ["approve", "refuse"]
    fields = [
        "organization",
        "user",
        "method",
        "status",
        "created_at",
        "email",
        "sent_at",
        "expires_at",
        "is_legal_representative",
        "document_date",
        "documents",
        "message",
        "decided_at",
        "decided_by",
        "refusal_reason",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # Decisions go through the actions, which tell the person.

    @admin.display(description="justificatifs")
    def documents(self, obj):
        links = [
            (reverse("organizations:claim_document", args=[obj.pk, name]), label)
            for name, label, field in (
                ("justificatif", "Kbis ou équivalent", obj.registration_proof),
                ("mandat", "Mandat", obj.mandate),
            )
            if field
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links) if links else "—"

    @admin.action(description="Approuver : la personne devient administrateur (courriel envoyé)")
    def approve(self, request, queryset):
        for claim in queryset.filter(status=StructureClaim.Status.PENDING):
            try:
                services.approve_claim(claim, staff=request.user)
            except services.OrganizationRefused as exc:
                self.message_user(request, f"{claim} : {exc.message}", messages.ERROR)
            else:
                self.message_user(
                    request, f"{claim.user} est administrateur de {claim.organization}.", messages.SUCCESS
                )

    @admin.action(description="Refuser avec un motif (courriel envoyé)")
    def refuse(self, request, queryset):
        pending = queryset.filter(status=StructureClaim.Status.PENDING)
        form = RefusalForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            for claim in pending:
                services.refuse_claim(claim, staff=request.user, reason=form.cleaned_data["reason"])
            self.message_user(request, f"{pending.count() or 'Les'} demande(s) refusée(s).", messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "sso/organizations/admin_refuse_claims.html",
            {
                **self.admin_site.each_context(request),
                "title": "Refuser des demandes d'administration",
                "claims": pending,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )
