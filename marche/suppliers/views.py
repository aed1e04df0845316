from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from . import selectors, services
from .certification import certification_checklist
from .forms import ActivityFormSet, OfferFormSet, ReferenceFormSet, SupplierProfileForm
from .models import Supplier


@login_required
def dashboard(request):
    """The SIAE's dashboard: the profiles the person may edit, each with its checklist."""
    suppliers = list(selectors.editable_suppliers(request.user).select_related("logo"))
    if len(suppliers) == 1:
        return redirect("suppliers:edit", suppliers[0].slug)
    return render(
        request,
        "marche/suppliers/dashboard.html",
        {"rows": [(s, certification_checklist(s)) for s in suppliers]},
    )


def _editable(request, slug) -> Supplier:
    # Rule: a profile outside the person's organisations does not exist for them (404, IDs reveal nothing).
    supplier = selectors.editable_suppliers(request.user).filter(slug=slug).first()
    if supplier is None:
        raise Http404("Fiche introuvable.")
    return supplier


@login_required
def edit(request, slug):
    supplier = _editable(request, slug)
    form = SupplierProfileForm(request.POST or None, request.FILES or None, instance=supplier)
    activities = ActivityFormSet(request.POST or None, instance=supplier, prefix="activities")
    offers = OfferFormSet(request.POST or None, instance=supplier, prefix="offers")
    references = ReferenceFormSet(request.POST or None, instance=supplier, prefix="references")
    stale = False
    valid = [f.is_valid() for f in (form, activities, offers, references)]  # every form's errors shown
    if request.method == "POST" and all(valid):
        try:
            supplier = services.save_member_edit(
                form, offers, references, activities=activities, expected_version=form.cleaned_data["version"]
            )
        except services.StaleEdit as conflict:
            stale = True
            form.add_error(None, conflict.message)
            # The person's input stays; the next save, deliberate, is based on the saved version.
            form.data = form.data.copy()
            form.data["version"] = conflict.current.version
            supplier = conflict.current
        else:
            messages.success(
                request,
                "Fiche enregistrée. Elle est certifiée."
                if supplier.certified
                else "Fiche enregistrée. Consultez ce qu'il manque pour la certification.",
            )
            return redirect("suppliers:edit", supplier.slug)
    if request.method == "POST" and not stale:
        messages.error(
            request, "La fiche n'a pas été enregistrée : corrigez les champs signalés, votre saisie est conservée."
        )
    return render(
        request,
        "marche/suppliers/edit.html",
        {
            "supplier": supplier,
            "form": form,
            "activities": activities,
            "offers": offers,
            "references": references,
            "checklist": certification_checklist(supplier),
            "stale": stale,
            "others": selectors.editable_suppliers(request.user).exclude(pk=supplier.pk),
        },
    )


def profile(request, slug):
    supplier = selectors.public_profile(slug)
    return render(
        request,
        "marche/suppliers/profile.html",
        {
            "supplier": supplier,
            "show_contact": selectors.can_see_contact(request.user),
            "unverified_buyer_organizations": selectors.unverified_buyer_organizations(request.user),
            "can_edit": selectors.can_edit(request.user, supplier),
        },
    )
