"""Suppliers in the Wagtail admin: a listing with search and filters, and moderation."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, ListingButton

from marche.geography.models import Department
from search import index

from . import services
from .certification import certification_checklist
from .models import Supplier

MODERATE = "suppliers.moderate_supplier"


class ModerationForm(forms.Form):
    reason = forms.CharField(label="Motif du masquage", widget=forms.Textarea(attrs={"rows": 3}), required=False)


def moderate_view(request, pk):
    """Hide a supplier from search (with a reason) or show it again. Moderators only."""
    if not request.user.has_perm(MODERATE):
        raise PermissionDenied
    supplier = get_object_or_404(Supplier, pk=pk)
    form = ModerationForm(request.POST or None)
    if request.method == "POST":
        seen_state = request.POST.get("seen_state") or None
        try:
            if request.POST.get("action") == "unhide":
                services.unhide_supplier(supplier, seen_state=seen_state)
                messages.success(request, f"{supplier} est de nouveau visible.")
            elif form.is_valid():
                services.hide_supplier(supplier, form.cleaned_data["reason"], seen_state=seen_state)
                messages.success(request, f"{supplier} est masqué de la recherche.")
        except ValidationError as exc:
            form.add_error("reason", exc)
        except services.ModerationConflict as exc:
            # The page is shown again on the current state, with the reason typed kept.
            typed = (request.POST.get("reason") or "").strip()
            kept = f" Votre motif, non enregistré : « {typed} »." if typed else ""
            messages.error(request, f"{exc}{kept}")
            supplier.refresh_from_db()
        else:
            return redirect(reverse("supplier_admin:moderate", args=[supplier.pk]))
    return render(
        request,
        "marche/suppliers/admin_moderate.html",
        {
            "supplier": supplier,
            "form": form,
            "checklist": certification_checklist(supplier),
            "seen_state": services.moderation_state(supplier),
        },
    )


class _SavedByService:
    """Admin edits go through the same service as members' edits (sanitising,
    certification, one index update)."""

    @transaction.atomic
    def save_instance(self):
        supplier = self.form.save(commit=False)
        services.save_profile(supplier)
        self.form.save_m2m()
        return supplier


class SupplierEditView(_SavedByService, generic.EditView):
    pass


class SupplierCreateView(_SavedByService, generic.CreateView):
    pass


class SupplierDeleteView(generic.DeleteView):
    @transaction.atomic
    def delete_action(self):
        pk = self.object.pk
        super().delete_action()
        index.changed([pk])


def yes_no(value) -> str:
    return "Oui" if value else "Non"


def moderation_url(supplier) -> str:
    return reverse("supplier_admin:moderate", args=[supplier.pk])


class SupplierIndexView(IndexView):
    """The listing, with a "Modérer" button on each row for moderators."""

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if self.request.user.has_perm(MODERATE):
            buttons.insert(0, ListingButton("Modérer", url=moderation_url(instance), icon_name="warning", priority=5))
        return buttons


class SupplierFilterSet(WagtailFilterSet):
    department = django_filters.ModelChoiceFilter(
        field_name="commune__department", queryset=Department.objects.all(), label="Département"
    )

    class Meta:
        model = Supplier
        fields = ["kind", "certified", "is_active"]


class SupplierInspectView(InspectView):
    """A supplier's details in words: yes/no, labels of the codes, a dash for what is empty."""

    labels = {"id": "Identifiant", "created_at": "Créé le", "updated_at": "Modifié le", "activities": "Activités"}

    def get_fields(self):
        return [*super().get_fields(), "activities"]

    def activities(self) -> str:
        """Each activity in words: sectors, kinds of service, perimeter."""
        rows = []
        for activity in self.object.activities.prefetch_related(
            "sectors", "perimeter_communes", "perimeter_departments", "perimeter_regions"
        ):
            services_text = ", ".join(activity.service_kind_labels()) or "—"
            sectors = ", ".join(s.label for s in activity.sectors.all()) or "—"
            rows.append(
                f"{sectors} (types de prestation : {services_text} ; périmètre : {activity.perimeter_description()})"
            )
        return " / ".join(rows) or "—"

    def get_field_label(self, field_name, field):
        return self.labels.get(field_name) or super().get_field_label(field_name, field)

    @cached_property
    def header_buttons(self):
        if not self.request.user.has_perm(MODERATE):
            return []
        return [HeaderButton("Modérer", url=moderation_url(self.object), icon_name="warning")]

    def get_field_display_value(self, field_name, field):
        if field_name == "activities":
            return self.activities()
        if field_name == "hidden_at" and self.object.hidden_at is None:
            return "Non, visible dans la recherche"
        if field_name == "logo":
            return self.object.logo.title if self.object.logo else "—"
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return yes_no(value)
        if value is None or value == "":
            return "—"
        return value


class SupplierViewSet(ModelViewSet):
    model = Supplier
    edit_view_class = SupplierEditView
    add_view_class = SupplierCreateView
    delete_view_class = SupplierDeleteView
    icon = "group"
    menu_label = "Fournisseurs"
    add_to_admin_menu = True
    name = "supplier_admin"
    index_view_class = SupplierIndexView
    inspect_view_class = SupplierInspectView
    list_display = [
        "name",
        "siret",
        "kind",
        "commune",
        Column("certified", label="Certifié", accessor=lambda s: yes_no(s.certified), sort_key="certified"),
        Column("is_active", label="Active", accessor=lambda s: yes_no(s.is_active), sort_key="is_active"),
        Column(
            "hidden_at",
            label="Masqué de la recherche",
            accessor=lambda s: yes_no(s.hidden_at is not None),
            sort_key="hidden_at",
        ),
    ]
    filterset_class = SupplierFilterSet
    search_fields = ["name", "brand", "siret"]
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["latitude", "longitude"]
    form_fields = ["name", "brand"]  # edits go through the SIAE dashboard; the admin only reads and moderates

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("<int:pk>/moderation/", moderate_view, name="moderate")]


supplier_viewset = SupplierViewSet()


@hooks.register("register_admin_viewset")
def register_supplier_viewset():
    return supplier_viewset


@hooks.register("after_edit_snippet")
def reindex_suppliers_of_an_edited_sector(request, instance):
    """A sector's label is in its suppliers' documents: an editor renaming it updates them
    (one index update, as any other write that changes what buyers see)."""
    from marche.sectors.models import Sector

    if isinstance(instance, Sector):
        index.changed(instance.activities.values_list("supplier_id", flat=True).distinct())
