"""The Marché's re-check of the person's session at Compte inclusion."""

from mozilla_django_oidc.middleware import SessionRefresh


class NavigationSessionRefresh(SessionRefresh):
    """Re-check the session at the provider on page navigations only.

    mozilla-django-oidc redirects any GET to the provider once the ID token is older than
    OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS. For a script, an image or a fetch() call that
    redirect cannot work (the Content-Security-Policy blocks the provider's origin for them,
    and fetch() fails on the cross-origin redirect): the resource is lost and the page
    breaks. The next navigation does the re-check instead. Every current browser sends
    Sec-Fetch-Mode; a request without it is treated as a navigation, as before.
    """

    def is_refreshable_url(self, request):
        is_navigation = request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"
        return is_navigation and super().is_refreshable_url(request)
