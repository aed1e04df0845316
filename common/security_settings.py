"""Security headers both services send; each service's base settings import this module.

The Content-Security-Policy comes from django-csp, applied by
``common.security_headers.SecurityHeadersMiddleware`` (which also sends Permissions-Policy,
a header Django has no setting for). HSTS and the SSL redirect belong to the production
settings of each service, not here.
"""

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_ADMIN",
    "CSP_ADMIN_URL_PREFIXES",
    "PERMISSIONS_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_REFERRER_POLICY",
    "WAGTAIL_ENABLE_UPDATE_CHECK",
    "WAGTAIL_GRAVATAR_PROVIDER_URL",
    "X_FRAME_OPTIONS",
]

SELF = "'self'"
NONE = "'none'"

# Public pages: scripts and styles from our own origin only (the DSFR and our static files);
# no inline script, no inline event handler, no eval. `form-action` is left out on purpose:
# browsers apply it to the redirects that follow a form post, and every OpenID Connect step
# (login, consent, logout) ends in a redirect to another service.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # DSFR's stylesheet draws its icons with data: URIs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The admin (Wagtail's on the Marché, Django's on both): staff only, and Wagtail renders some
# widgets with inline scripts and style attributes (date choosers, inline panels) and shows
# page previews in a same-origin frame. It gets its own, relaxed policy on these prefixes.
CSP_ADMIN_URL_PREFIXES = ("/admin/", "/django-admin/")
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [SELF],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# URLs carry search terms and one-time tokens: never send them to another site.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Powerful browser features no page of ours uses.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

# The Wagtail admin would call releases.wagtail.io from the browser, which connect-src forbids.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Nor fetch editors' avatars from gravatar.com (img-src forbids it, and it would tell a third
# party which e-mail addresses open our admin).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
