"""JSON APIs of the Marché: supplier search (GET /api/v1/suppliers/search), autocomplete, and the OpenAPI
description of every API (the partner lookup API of marche.api included)."""

import copy

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from marche.api.auth import AuthenticationError, authenticate, bearer_token
from marche.api.ratelimit import check_client, check_ip
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


def _rate_limited(request):
    """Rules: counted per client IP; a partner who sends its token (optional here) is also
    counted per client, and a token sent must be valid. The refusal to answer, else None."""
    refusal = check_ip(request, "search")
    if refusal or bearer_token(request) is None:
        return refusal
    try:
        partner = authenticate(request, settings.PARTNER_API_SCOPE)
    except AuthenticationError as exc:
        return JsonResponse({"error": exc.message, "code": exc.code}, status=exc.status)
    return check_client("search", partner.client_id)


@require_GET
def supplier_search(request):
    """Rule: a bad parameter gets a 400 naming it, never a 500."""
    refusal = _rate_limited(request)
    if refusal:
        return refusal
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
            "num_pages": max(1, -(-result.total // query.page_size)),
            "results": [hit_json(hit) for hit in result.hits],
            "facets": result.facets,
        }
    )
    response["X-Search-Engine"] = result.engine + ("; degraded" if result.degraded else "")
    return response


@require_GET
def autocomplete(request):
    refusal = check_ip(request, "autocomplete")
    if refusal:
        return refusal
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


def _error_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


RATE_LIMITED = {
    **_error_response("trop de requêtes (limites par adresse IP et par client partenaire)"),
    "headers": {
        "Retry-After": {"description": "secondes à attendre avant de réessayer", "schema": {"type": "integer"}}
    },
}
PARTNER_REFUSALS = {
    "401": _error_response("jeton d'accès manquant, invalide, expiré ou révoqué"),
    "403": _error_response("jeton sans la portée marche.suppliers.read, ou jeton d'une personne"),
}

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
                    "400": _error_response("paramètre invalide"),
                    "401": _error_response("jeton envoyé mais invalide, expiré ou révoqué (le jeton est facultatif)"),
                    "403": _error_response("jeton envoyé sans la portée marche.suppliers.read"),
                    "429": RATE_LIMITED,
                },
                # Public: a partner may send its token to be counted per client rather than per IP only.
                "security": [{}, {"partner": ["marche.suppliers.read"]}],
            }
        },
        "/api/v1/suppliers/{siret}": {
            "get": {
                "summary": "Consulter un fournisseur par son SIRET (partenaires)",
                "description": "Fiche publique d'un fournisseur inclusif visible sur le Marché. "
                "Jeton « client credentials » de Compte inclusion avec la portée marche.suppliers.read.",
                "parameters": [
                    {
                        "name": "siret",
                        "in": "path",
                        "required": True,
                        "description": "SIRET (14 chiffres, clé de contrôle vérifiée)",
                        "schema": {"type": "string", "pattern": "^[0-9]{14}$"},
                    }
                ],
                "security": [{"partner": ["marche.suppliers.read"]}],
                "responses": {
                    "200": {
                        "description": "le fournisseur",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PartnerSupplier"}}},
                    },
                    "400": _error_response("SIRET invalide (longueur ou clé de contrôle)"),
                    **PARTNER_REFUSALS,
                    "404": _error_response("aucun fournisseur visible sur le Marché n'a ce SIRET"),
                    "429": RATE_LIMITED,
                },
            }
        },
        "/api/v1/suppliers": {
            "get": {
                "summary": "Lister les établissements fournisseurs d'un SIREN (partenaires)",
                "parameters": [
                    {
                        "name": "siren",
                        "in": "query",
                        "required": True,
                        "description": "SIREN (9 chiffres, clé de contrôle vérifiée)",
                        "schema": {"type": "string", "pattern": "^[0-9]{9}$"},
                    }
                ],
                "security": [{"partner": ["marche.suppliers.read"]}],
                "responses": {
                    "200": {
                        "description": "les établissements visibles de ce SIREN (liste vide s'il n'y en a aucun)",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/PartnerSupplierList"}}
                        },
                    },
                    "400": _error_response("SIREN manquant ou invalide, ou paramètre inconnu"),
                    **PARTNER_REFUSALS,
                    "429": RATE_LIMITED,
                },
            }
        },
        "/api/v1/autocomplete": {
            "get": {
                "summary": "Suggestions de communes, secteurs et fournisseurs",
                "parameters": [
                    _param("q", "texte saisi (2 caractères au moins)", {"type": "string"}),
                    _param(
                        "type",
                        "ne suggérer que ce type",
                        {"type": "string", "enum": ["supplier", "sector", "commune"]},
                    ),
                ],
                "responses": {
                    "200": {
                        "description": "suggestions",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    "400": _error_response("paramètre invalide"),
                    "429": RATE_LIMITED,
                },
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "summary": "Ce document",
                "responses": {
                    "200": {
                        "description": "la description OpenAPI des API du Marché",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": {"type": "string", "description": "le motif, en français"},
                    "parameter": {"type": "string", "description": "le paramètre refusé, s'il y en a un"},
                    "code": {"type": "string", "description": "invalid_token, insufficient_scope…"},
                },
            },
            "PartnerSupplier": {
                "type": "object",
                "properties": {
                    "siret": {"type": "string"},
                    "siren": {"type": "string"},
                    "name": {"type": "string"},
                    "brand": {"type": "string"},
                    "kind": {"type": "string"},
                    "certified": {"type": "boolean"},
                    "convention_end_date": {"type": "string", "format": "date", "nullable": True},
                    "address": {"type": "string"},
                    "postal_code": {"type": "string"},
                    "city": {"type": "string"},
                    "commune_insee": {"type": "string"},
                    "department": {"type": "string"},
                    "sectors": {"type": "array", "items": {"type": "string"}},
                    "service_kinds": {"type": "array", "items": {"type": "string"}},
                    "website": {"type": "string"},
                    "url": {"type": "string", "description": "la fiche sur le Marché"},
                },
            },
            "PartnerSupplierList": {
                "type": "object",
                "properties": {
                    "count": {"type": "integer"},
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/PartnerSupplier"}},
                },
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
                    "num_pages": {
                        "type": "integer",
                        "description": "nombre de pages ; une page au-delà répond 200 avec results vide, "
                        "count et num_pages pour revenir à la dernière",
                    },
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


def openapi_document() -> dict:
    """The document, with the provider's token endpoint (known only from the settings)."""
    document = copy.deepcopy(OPENAPI)
    document["components"]["securitySchemes"] = {
        "partner": {
            "type": "oauth2",
            "description": "Jeton « client credentials » de Compte inclusion (client partenaire enregistré "
            "par l'équipe), envoyé dans l'en-tête Authorization: Bearer.",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": f"{settings.SSO_ISSUER}/o/token/",
                    "scopes": {"marche.suppliers.read": "consulter les fiches fournisseurs"},
                }
            },
        }
    }
    return document


@require_GET
def openapi(request):
    return JsonResponse(openapi_document())
