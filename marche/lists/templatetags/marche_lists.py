"""What the search results, the profile page and the dashboard show of the lists, without
their views knowing about lists (each page holds one include line)."""

from django import template

from .. import selectors

register = template.Library()


def _has_lists(request) -> bool:
    # Once per request: the search results ask for each of their 20 cards.
    if not hasattr(request, "_marche_has_lists"):
        request._marche_has_lists = selectors.has_lists(request.user)
    return request._marche_has_lists


@register.simple_tag(takes_context=True)
def has_lists(context) -> bool:
    request = context.get("request")
    return bool(request is not None and _has_lists(request))


@register.inclusion_tag("marche/lists/_dashboard_lists.html", takes_context=True)
def dashboard_lists(context):
    request = context["request"]
    if not _has_lists(request):
        return {"show": False}
    return {"show": True, **selectors.lists_page(request.user)}
