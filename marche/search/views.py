from django.core.paginator import Paginator
from django.shortcuts import render

from marche.geography.models import Commune, Department
from marche.sectors.models import Sector
from marche.sectors.taxonomy import service_kinds, structure_kinds
from search.engines import search
from search.query import QueryError, SupplierQuery
from search.text import has_control_characters

from . import selectors

RADII = [5, 10, 20, 30, 50, 100, 200]
PLACE_PARAMETERS = ("commune", "near", "serves")


def _query_params(request):
    """The page's parameters, with the commune typed as text turned into near/serves."""
    params = request.GET.copy()
    for key in ("near", "serves"):
        params.pop(key, None)
    commune = None
    insee = params.get("commune_insee", "").strip()
    typed = params.get("commune", "").strip()
    if has_control_characters(insee) or has_control_characters(typed):
        # Never looked up (PostgreSQL refuses NUL); query_from_params names the parameter.
        return params, None
    if insee:
        commune = Commune.objects.filter(insee=insee).first()
    if commune is None and typed:
        commune = selectors.commune_from_text(typed)
    if commune is not None:
        params["serves" if params.get("mode") == "serves" else "near"] = commune.insee
    return params, commune


def _distance_sort_notice(params, commune) -> str:
    """The distance order needs a "situés à moins de" commune. Asked with "qui interviennent
    sur la commune" instead, the page keeps that filter, orders by the default and says so
    (the API, strict, refuses the combination with a 400 naming sort)."""
    if params.get("sort") != "distance" or params.get("mode") != "serves" or commune is None:
        return ""
    params["sort"] = "relevance"
    return (
        f"Le tri par distance n'est possible qu'avec « situés à moins de » une commune : les fournisseurs "
        f"qui interviennent sur {commune.name} sont triés par pertinence (par nom sans mot-clé). "
        "Choisissez « situés à moins de » pour trier par distance."
    )


def search_page(request):
    """/recherche/: the whole state is in the URL; works without JavaScript."""
    params, commune = _query_params(request)
    notice = _distance_sort_notice(params, commune)
    errors = {}
    if params.get("commune", "").strip() and commune is None:
        errors["commune"] = (
            f"Aucune commune ne correspond à « {params['commune']} » : vérifiez l'orthographe ou saisissez un code postal."
        )
    try:
        query = selectors.query_from_params(params)
    except QueryError as error:
        errors[error.parameter] = error.message
        text = params.get("q", "")
        query = SupplierQuery(text="" if has_control_characters(text) else text[:200])
    result = search(query)
    sector_labels = dict(Sector.objects.values_list("slug", "label"))
    department_names = dict(Department.objects.values_list("code", "name"))
    facets = {
        "sector": [
            (slug, sector_labels.get(slug, slug), n)
            for slug, n in sorted(result.facets["sector"].items(), key=lambda i: -i[1])
        ],
        "kind": [
            (k, label, result.facets["kind"].get(k, 0))
            for k, label in structure_kinds()
            if result.facets["kind"].get(k) or k in query.kinds
        ],
        "service": [(k, label, result.facets["service"].get(k, 0)) for k, label in service_kinds()],
        "department": [
            (code, department_names.get(code, code), n) for code, n in sorted(result.facets["department"].items())
        ],
    }
    pages = Paginator(range(result.total), query.page_size)
    base_query = _without(request.GET, "page")
    past_end = _past_end(query.page, pages, base_query) if result.total and not result.hits else None
    context = {
        "query": query,
        "result": result,
        "facets": facets,
        "errors": errors,
        "commune": commune,
        "commune_text": commune.name if commune else request.GET.get("commune", ""),
        "commune_error": errors.get("commune") or errors.get("near") or errors.get("serves"),
        # Every other refused parameter is said on the page too, never dropped silently.
        "other_errors": [message for key, message in errors.items() if key not in PLACE_PARAMETERS],
        "notice": notice,
        "mode": params.get("mode", "near"),
        "radii": RADII,
        "page_obj": pages.get_page(query.page) if result.total else None,
        "base_query": base_query,
        "past_end": past_end,
        "filter_count": len(query.sectors)
        + len(query.kinds)
        + len(query.services)
        + len(query.departments)
        + int(query.certified_only),
    }
    template = (
        "marche/search/_results.html"
        if request.headers.get("X-Requested-With") == "fetch"
        else "marche/search/search.html"
    )
    status = 400 if errors and not result.hits else 404 if past_end else 200
    return render(request, template, context, status=status)


def _past_end(page: int, pages: Paginator, base_query: str) -> dict | None:
    """Rule: a page past the last one (an old link, a hand-edited URL) says so, with the way
    back to the last page, rather than "5 fournisseurs" above an empty list (status 404)."""
    if page <= pages.num_pages:
        return None
    last = pages.num_pages
    separator = "&" if base_query else ""
    return {"page": page, "last": last, "url": f"?{base_query}{separator}page={last}"}


def _without(params, key):
    copy = params.copy()
    copy.pop(key, None)
    return copy.urlencode()
