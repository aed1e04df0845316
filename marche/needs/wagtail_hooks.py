"""Needs in the Wagtail admin, for the editors of the "Besoins" group: the queue of
submitted needs, a need's details with its attachments, and the decision (validate, ask
for a change, refuse). Decisions go through marche.needs.services (optimistic locking,
mails, notification of suppliers)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import access, selectors, services
from .forms import DecisionForm
from .models import Need, NeedStatus

MODERATE = "needs.moderate_need"


def _check(request):
    if not access.is_editor(request.user):
        raise PermissionDenied


def index_view(request):
    _check(request)
    status = request.GET.get("statut", NeedStatus.SUBMITTED)
    if status not in NeedStatus.values or status == NeedStatus.DRAFT:
        status = NeedStatus.SUBMITTED
    needs = selectors.needs_for_editors(status).prefetch_related("sectors")[:200]
    return render(
        request,
        "marche/needs/admin_index.html",
        {
            "needs": needs,
            "status": status,
            "statuses": [(v, label) for v, label in NeedStatus.choices if v != NeedStatus.DRAFT],
        },
    )


def detail_view(request, pk):
    _check(request)
    need = get_object_or_404(Need.objects.exclude(status=NeedStatus.DRAFT), pk=pk)
    form = DecisionForm(request.POST or None, initial={"version": need.version})
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        arguments = {"editor": request.user, "need_id": need.pk, "expected_version": form.cleaned_data["version"]}
        try:
            if decision == "validate":
                services.validate(**arguments)
                messages.success(request, f"« {need} » est publié ; l'acheteur est prévenu par e-mail.")
            elif decision == "request_changes":
                services.request_changes(**arguments, message=form.cleaned_data["message"])
                messages.success(request, f"Modification demandée pour « {need} » ; l'acheteur est prévenu par e-mail.")
            else:
                services.refuse(**arguments, reason=form.cleaned_data["message"])
                messages.success(request, f"« {need} » est refusé ; l'acheteur est prévenu par e-mail.")
        except services.NeedError as error:
            form.add_error(None, error.message)
            need.refresh_from_db()
        except ValidationError as error:
            form.add_error("message", error)
        else:
            return redirect(reverse("needs_admin:index"))
    return render(
        request,
        "marche/needs/admin_detail.html",
        {
            "need": need,
            "form": form,
            "place": selectors.place_label(need),
            "attachments": need.attachments.all(),
            "sectors": need.sectors.select_related("group"),
            "missing": services.missing_for_validation(need),
            "matching": selectors.matching_count(need),
            "decidable": need.status == NeedStatus.SUBMITTED,
        },
    )


@hooks.register("register_admin_urls")
def register_needs_admin_urls():
    from django.urls import include

    patterns = [
        path("", index_view, name="index"),
        path("<int:pk>/", detail_view, name="detail"),
    ]
    return [path("besoins/", include((patterns, "needs_admin")))]


class NeedsMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_editor(request.user)


@hooks.register("register_admin_menu_item")
def register_needs_menu_item():
    return NeedsMenuItem("Besoins d'achat", reverse("needs_admin:index"), icon_name="doc-full", order=250)
