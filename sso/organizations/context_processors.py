from . import selectors


def current_organization(request):
    """The organisation shown in the header, and the others to switch to."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    current = selectors.current_membership(request)
    return {"current_membership": current}
