"""JSON API of supplier search: GET /api/v1/suppliers/search, its OpenAPI description, autocomplete."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from search.engines import search
from search.query import FACETS, MAX_RESULT_WINDOW, QueryError
from search.text import has_control_characters

from . import selectors


def hit_json(hit) -> dict:
    return {
        "siret": hit.siret,
        "name": hit.name,
        "brand": hit.brand,
        "kind": hit.kind,
        "sectors": hit.sectors,
        "city": hit.city,
        "department": hit.department,
        "distance_km": hit.distance_km,
        "certified": hit.certified,
        "url": hit.url,
    }


@require_GET
def supplier_search(request):
    """Rule: a bad parameter gets a 400 naming it, never a 500."""
    try:
        query = selectors.query_from_params(request.GET, facets=FACETS)
    except QueryError as error:
        return JsonResponse({"error": error.message, "parameter": error.parameter}, status=400)
    result = search(query)
    response = JsonResponse(
        {
            "count": result.total,
            "count_is_lower_bound": result.total_is_lower_bound,
            "page": query.page,
            "results": [hit_json(hit) for hit in result.hits],
            "facets": result.facets,
        }
    )
    response["X-Search-Engine"] = result.engine + ("; degraded" if result.degraded else "")
    return response


@require_GET
def autocomplete(request):
    text = request.GET.get("q", "")
    kind = request.GET.get("type", "")
    if kind not in ("", "supplier", "sector", "commune"):
        return JsonResponse({"error": "type doit valoir supplier, sector ou commune", "parameter": "type"}, status=400)
    if has_control_characters(text):
        return JsonResponse(
            {"error": "q contient un caractère de contrôle (invisible) : retirez-le et recommencez", "parameter": "q"},
            status=400,
        )
    body = {}
    if kind in ("", "commune"):
        body["communes"] = [
            {"insee": c.insee, "name": c.name, "department": c.department_id, "postal_codes": c.postal_codes.split()}
            for c in selectors.communes_matching(text)
        ]
    if kind in ("", "sector"):
        body["sectors"] = [
            {"slug": s.slug, "label": s.label, "group": s.group.name} for s in selectors.sectors_matching(text)
        ]
    if kind in ("", "supplier"):
        body["suppliers"] = [{"name": h.display_name, "url": h.url} for h in selectors.suppliers_matching(text)]
    return JsonResponse(body)


def _array(name, description, items=None):
    schema = {"type": "array", "items": items or {"type": "string"}}
    return {"name": name, "in": "query", "description": description, "schema": schema, "style": "form", "explode": True}


def _param(name, description, schema):
    return {"name": name, "in": "query", "description": description, "schema": schema}


OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "Le Marché de l'inclusion — recherche de fournisseurs", "version": "1.0.0"},
    "paths": {
        "/api/v1/suppliers/search": {
            "get": {
                "summary": "Rechercher des fournisseurs inclusifs",
                "parameters": [
                    _param(
                        "q",
                        "mots-clés (accents, casse et élisions ignorés, une faute tolérée dès 5 lettres)",
                        {"type": "string"},
                    ),
                    _array("sector", "secteur (slug), répétable"),
                    _array("kind", "type de structure (EI, ACI…), répétable"),
                    _array(
                        "service",
                        "type de prestation, répétable",
                        {"type": "string", "enum": ["DISP", "PREST", "BUILD"]},
                    ),
                    _param("near", "code INSEE : fournisseurs situés dans le rayon", {"type": "string"}),
                    _param(
                        "radius",
                        "rayon en km autour de near",
                        {"type": "integer", "default": 50, "minimum": 1, "maximum": 1000},
                    ),
                    _param(
                        "serves", "code INSEE : fournisseurs dont le périmètre couvre la commune", {"type": "string"}
                    ),
                    _array("department", "département de l'adresse, répétable"),
                    _array("region", "région de l'adresse (code INSEE), répétable"),
                    _param("certified", "uniquement les fiches certifiées", {"type": "string", "enum": ["true"]}),
                    _param(
                        "sort",
                        "tri",
                        {"type": "string", "enum": ["relevance", "distance", "name"], "default": "relevance"},
                    ),
                    _param(
                        "page",
                        f"page (page × page_size ≤ {MAX_RESULT_WINDOW} : au-delà, affinez la recherche)",
                        {"type": "integer", "minimum": 1, "default": 1},
                    ),
                    _param(
                        "page_size",
                        "résultats par page",
                        {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
                    ),
                ],
                "responses": {
                    "200": {
                        "description": "résultats",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResponse"}}},
                    },
                    "400": {
                        "description": "paramètre invalide",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error", "parameter"],
                "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}},
            },
            "Supplier": {
                "type": "object",
                "properties": {
                    "siret": {"type": "string"},
                    "name": {"type": "string"},
                    "brand": {"type": "string"},
                    "kind": {"type": "string"},
                    "sectors": {"type": "array", "items": {"type": "string"}},
                    "city": {"type": "string"},
                    "department": {"type": "string"},
                    "distance_km": {"type": "number", "nullable": True},
                    "certified": {"type": "boolean"},
                    "url": {"type": "string"},
                },
            },
            "SearchResponse": {
                "type": "object",
                "properties": {
                    "count": {"type": "integer", "description": "nombre de résultats (plafonné à 10 000)"},
                    "count_is_lower_bound": {"type": "boolean", "description": "vrai s'il y en a plus que count"},
                    "page": {"type": "integer"},
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/Supplier"}},
                    "facets": {
                        "type": "object",
                        "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}},
                    },
                },
            },
        }
    },
}


@require_GET
def openapi(request):
    return JsonResponse(OPENAPI)
