"""Panels other apps' pages include (suppliers' dashboard, base template) without their
views knowing about needs: each reads through the needs' own modules."""

from django import template

from marche.suppliers import selectors as supplier_selectors

from .. import answers, outcome

register = template.Library()


@register.inclusion_tag("marche/needs/supplier_dashboard_list.html", takes_context=True)
def received_needs_panel(context, limit=5):
    user = context["request"].user
    ids = (
        list(supplier_selectors.editable_suppliers(user).values_list("pk", flat=True)) if user.is_authenticated else []
    )
    return {"has_suppliers": bool(ids), "recipients": list(answers.received_needs(ids)[:limit]) if ids else []}


@register.filter
def answer_to(recipient, index: int) -> str:
    """The supplier's answer to the buyer's question number ``index`` ("" when none)."""
    answers = recipient.question_answers or []
    return answers[index] if 0 <= index < len(answers) else ""


@register.inclusion_tag("marche/needs/outcome_banner.html", takes_context=True)
def outcome_banner(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not supplier_selectors.buyer_organizations(user):
        return {"needs": []}
    return {"needs": list(outcome.awaiting_outcome(user)[:3])}
