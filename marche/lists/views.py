"""Thin views of "Mes listes" and of the exports: they read the request, call
``services``/``selectors``/``exports`` and render. Rights are decided in ``selectors``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from common import spreadsheet
from marche.suppliers import selectors as supplier_selectors
from search.query import QueryError
from search.text import has_control_characters

from . import exports, selectors, services
from .models import NOTE_MAX_LENGTH, Sharing

FORMATS = ("xlsx", "csv")


def _is_fetch(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _not_a_buyer(request):
    if _is_fetch(request):
        return JsonResponse({"error": "Les listes sont réservées aux acheteurs."}, status=403)
    return render(request, "marche/lists/not_a_buyer.html", status=403)


def buyers_only(view):
    """Signed in, and a buyer: others get the page that says how to become one (403)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not selectors.has_lists(request.user):
            return _not_a_buyer(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _visible(request, list_id):
    # Rule: a list the person may not see does not exist for them (404, ids reveal nothing).
    found = selectors.visible_lists(request.user).select_related("owner").filter(pk=list_id).first()
    if found is None:
        raise Http404("Liste introuvable.")
    return found


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target
        and not has_control_characters(target)
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    ):
        return target
    return default


@buyers_only
def index(request):
    return render(
        request,
        "marche/lists/index.html",
        {**selectors.lists_page(request.user), "name_error": "", "typed_name": ""},
    )


@require_POST
@buyers_only
def create(request):
    try:
        supplier_list = services.create_list(user=request.user, name=request.POST.get("name", ""))
    except services.ListError as error:
        context = {**selectors.lists_page(request.user), "name_error": error.message}
        return render(
            request, "marche/lists/index.html", context | {"typed_name": request.POST.get("name", "")}, status=400
        )
    messages.success(request, f"Liste « {supplier_list.name} » créée.")
    return redirect("lists:detail", supplier_list.pk)


def _detail(request, supplier_list, status=200, **state):
    user = request.user
    context = {
        "list": supplier_list,
        "entries": selectors.entries(supplier_list),
        "can_edit": selectors.can_edit(user, supplier_list),
        "can_manage": selectors.can_manage(user, supplier_list),
        "organizations": selectors.buyer_organizations(user),
        "sharing_choices": Sharing.choices,
        "note_max_length": NOTE_MAX_LENGTH,
        "errors": {},
        **state,
    }
    return render(request, "marche/lists/detail.html", context, status=status)


@buyers_only
def detail(request, list_id):
    return _detail(request, _visible(request, list_id))


def _act(request, list_id, action, success, **state_on_error):
    """Run one write on a list the person sees; a refusal re-renders the page with the
    error (and what was typed), or says the list is read-only for them (403)."""
    supplier_list = _visible(request, list_id)
    try:
        result = action()
    except services.ListNotFound:
        # Visible but not theirs to change: shared read-only, or only the owner may do this.
        messages.error(
            request,
            "Vous ne pouvez pas modifier cette liste : elle vous est partagée en lecture seule, ou seule "
            "la personne qui l'a créée peut faire cela. Demandez-lui de la partager en modification.",
        )
        return _detail(request, supplier_list, status=403)
    except services.ListError as error:
        return _detail(request, supplier_list, status=400, errors={"form": error.message, **state_on_error})
    messages.success(request, success(result))
    return None


@require_POST
@buyers_only
def rename(request, list_id):
    name = request.POST.get("name", "")
    refused = _act(
        request,
        list_id,
        lambda: services.rename_list(user=request.user, list_id=list_id, name=name),
        lambda lst: f"Liste renommée « {lst.name} ».",
        typed_name=name,
    )
    return refused or redirect("lists:detail", list_id)


@require_POST
@buyers_only
def share(request, list_id):
    refused = _act(
        request,
        list_id,
        lambda: services.share_list(
            user=request.user,
            list_id=list_id,
            sharing=request.POST.get("sharing", ""),
            organization_id=request.POST.get("organization", ""),
        ),
        lambda lst: (
            "La liste n'est plus partagée."
            if lst.sharing == Sharing.PRIVATE
            else f"Liste {lst.get_sharing_display().lower().removeprefix('partagée ')} avec les membres de "
            f"{lst.shared_with_name or 'votre organisation'}."
        ),
    )
    return refused or redirect("lists:detail", list_id)


@require_POST
@buyers_only
def delete(request, list_id):
    refused = _act(
        request,
        list_id,
        lambda: services.delete_list(user=request.user, list_id=list_id),
        lambda name: f"Liste « {name} » supprimée.",
    )
    return refused or redirect("lists:index")


@require_POST
@buyers_only
def remove(request, list_id, supplier_id):
    refused = _act(
        request,
        list_id,
        lambda: services.remove_supplier(user=request.user, list_id=list_id, supplier_id=supplier_id),
        lambda lst: "Fournisseur retiré de la liste.",
    )
    return refused or redirect("lists:detail", list_id)


@require_POST
@buyers_only
def note(request, list_id, supplier_id):
    text = request.POST.get("note", "")
    refused = _act(
        request,
        list_id,
        lambda: services.set_note(user=request.user, list_id=list_id, supplier_id=supplier_id, note=text),
        lambda entry: "Note enregistrée.",
        note_supplier=supplier_id,
        typed_note=text,
    )
    return refused or redirect(reverse("lists:detail", args=[list_id]) + f"#fournisseur-{supplier_id}")


@buyers_only
def add(request):
    """Put a supplier in a list: the form (a page without JavaScript, a fragment for the
    dialog of lists.js) and its answer (a redirect, or JSON for lists.js)."""
    supplier = selectors.addable_supplier(request.POST.get("supplier") or request.GET.get("fournisseur"))
    if supplier is None:
        if _is_fetch(request):
            return JsonResponse({"error": "Ce fournisseur n'existe pas ou n'est plus visible."}, status=404)
        raise Http404("Fournisseur introuvable.")
    next_url = _next_url(request, supplier.get_absolute_url())
    state = {"error": "", "list_id": "", "new_list_name": "", "note": ""}
    if request.method == "POST":
        state |= {k: request.POST.get(k, "") for k in ("list_id", "new_list_name", "note")}
        try:
            supplier_list, added = services.add_supplier(
                user=request.user,
                supplier_id=supplier.pk,
                list_id=state["list_id"],
                new_list_name=state["new_list_name"],
                note=state["note"],
            )
        except services.ListError as error:
            if _is_fetch(request):
                return JsonResponse({"error": error.message}, status=400)
            state["error"] = error.message
        else:
            message = (
                f"{supplier.display_name} ajouté à la liste « {supplier_list.name} »."
                if added
                else f"{supplier.display_name} était déjà dans la liste « {supplier_list.name} »."
            )
            if _is_fetch(request):
                url = reverse("lists:detail", args=[supplier_list.pk])
                return JsonResponse(
                    {"message": message, "list": {"id": supplier_list.pk, "name": supplier_list.name, "url": url}}
                )
            messages.success(request, message)
            return redirect(next_url)
    context = {
        "supplier": supplier,
        "lists": selectors.editable_lists(request.user).order_by("name"),
        "next": next_url,
        **state,
    }
    template = "marche/lists/_add_form.html" if _is_fetch(request) else "marche/lists/add.html"
    return render(request, template, context, status=400 if state["error"] else 200)


def _export_form(request, *, for_list, title, action, count, extra, status=200, error=""):
    available = exports.available_columns(request.user, for_list=for_list)
    chosen = {c.key for c in exports.chosen_columns(request.user, None, for_list=for_list)}
    return render(
        request,
        "marche/lists/export.html",
        {
            "title": title,
            "action": action,
            "count": count,
            "columns": [(c, c.key in chosen) for c in available],
            "contact_hidden": not supplier_selectors.can_see_contact(request.user),
            "unverified_buyer_organizations": supplier_selectors.unverified_buyer_organizations(request.user),
            "max_suppliers": exports.MAX_EXPORT_SUPPLIERS,
            "error": error,
            **extra,
        },
        status=status,
    )


def _download(request, *, what, for_list, rows):
    file_format = request.POST.get("format", "xlsx")
    if file_format not in FORMATS:
        file_format = "xlsx"
    keys = request.POST.getlist("columns")
    columns = exports.chosen_columns(request.user, keys or None, for_list=for_list)
    services.remember_columns(user=request.user, columns=[c.key for c in columns])
    header, values = exports.table(columns, rows)
    return spreadsheet.download(what=what, file_format=file_format, header=header, rows=values)


@buyers_only
def export_list(request, list_id):
    supplier_list = _visible(request, list_id)
    if request.method == "POST":
        rows = exports.list_rows(supplier_list)
        return _download(request, what=f"liste {supplier_list.name}", for_list=True, rows=rows)
    return _export_form(
        request,
        for_list=True,
        title=f"Exporter la liste « {supplier_list.name} »",
        action=reverse("lists:export", args=[supplier_list.pk]),
        count=selectors.entries(supplier_list).count(),
        extra={"list": supplier_list, "back": reverse("lists:detail", args=[supplier_list.pk])},
    )


@buyers_only
def export_search(request):
    """The search page's results (every page, same filters), up to MAX_EXPORT_SUPPLIERS."""
    query_string = request.POST.get("query") if request.method == "POST" else request.GET.urlencode()
    back = reverse("search:page") + (f"?{query_string}" if query_string else "")
    try:
        if request.method == "POST":
            rows, total = exports.search_rows(query_string or "")
        else:
            count, total = exports.search_count(query_string or "")
    except QueryError as error:
        return _export_form(
            request,
            for_list=False,
            title="Exporter les résultats de la recherche",
            action=reverse("lists:export_search"),
            count=0,
            extra={"query": query_string, "back": back},
            status=400,
            error=f"La recherche n'a pas pu être exportée : {error.message}. Corrigez-la depuis la page de recherche.",
        )
    if request.method == "POST":
        return _download(request, what="recherche fournisseurs", for_list=False, rows=rows)
    return _export_form(
        request,
        for_list=False,
        title="Exporter les résultats de la recherche",
        action=reverse("lists:export_search"),
        count=count,
        extra={"query": query_string, "back": back, "total": total},
    )
