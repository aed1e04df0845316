"""Suppliers in the Wagtail admin: a listing with search and filters, and moderation."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

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
        try:
            if request.POST.get("action") == "unhide":
                services.unhide_supplier(supplier)
                messages.success(request, f"{supplier} est de nouveau visible.")
            elif form.is_valid():
                services.hide_supplier(supplier, form.cleaned_data["reason"])
                messages.success(request, f"{supplier} est masqué de la recherche.")
        except ValidationError as exc:
            form.add_error("reason", exc)
        else:
            return redirect(reverse("supplier_admin:moderate", args=[supplier.pk]))
    return render(
        request,
        "marche/suppliers/admin_moderate.html",
        {"supplier": supplier, "form": form, "checklist": certification_checklist(supplier)},
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


class SupplierViewSet(ModelViewSet):
    model = Supplier
    edit_view_class = SupplierEditView
    add_view_class = SupplierCreateView
    delete_view_class = SupplierDeleteView
    icon = "group"
    menu_label = "Fournisseurs"
    add_to_admin_menu = True
    name = "supplier_admin"
    list_display = ["name", "siret", "kind", "commune", "certified", "is_active", "hidden_at"]
    list_filter = ["kind", "certified", "is_active", "commune__department"]
    search_fields = ["name", "brand", "siret"]
    inspect_view_enabled = True
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
        index.changed(instance.suppliers.values_list("pk", flat=True))
