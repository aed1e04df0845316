from django import template

from marche.suppliers.logos import initials as supplier_initials

register = template.Library()


@register.filter
def initials(name: str) -> str:
    return supplier_initials(name)
