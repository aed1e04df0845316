from django import template

from marche.contact import selectors

register = template.Library()


@register.inclusion_tag("marche/contact/_dashboard_list.html", takes_context=True)
def contact_conversations(context):
    """The person's conversations for the dashboard (the dashboard view does not know them)."""
    user = context["request"].user
    return {"received": list(selectors.received_by(user)[:10]), "sent": list(selectors.sent_by(user)[:10])}


@register.inclusion_tag("marche/contact/_profile_button.html", takes_context=True)
def contact_button(context, supplier):
    """The "Contacter" button of a profile, for whoever may write to this supplier."""
    user = context["request"].user
    return {
        "supplier": supplier,
        "show": selectors.contactable(supplier) and (not user.is_authenticated or selectors.can_contact(user)),
        "signed_in": user.is_authenticated,
        "next": context["request"].get_full_path(),
    }
