import mimetypes

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.static import serve
from mozilla_django_oidc.views import OIDCAuthenticationRequestView


def login_failed(request):
    """Where a refused or interrupted login through Compte inclusion lands; messages say why."""
    return render(request, "marche/login_failed.html")


# Raster images are shown in the browser as they are (logos, Wagtail renditions). Anything
# else under media/ (an .html, an .svg, a file whose name lies) is sent as an opaque download:
# a stored file must never run as a page of our origin.
INLINE_MEDIA_TYPES = {"image/png", "image/jpeg", "image/webp", "image/gif"}


def media(request, path):
    """Serve an uploaded file with a type that cannot execute, and ``nosniff``."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError) as exc:  # a name too long for the file system, a NUL byte
        raise Http404("Fichier introuvable.") from exc
    content_type, _ = mimetypes.guess_type(path)
    if content_type not in INLINE_MEDIA_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def admin_refused(request):
    """A signed-in person without admin rights who opened the Wagtail admin."""
    # Wagtail queued its own English-or-French one-liner before redirecting here: this page
    # says it better, so that message is consumed rather than shown on the next page.
    for _message in messages.get_messages(request):
        pass
    return render(request, "marche/admin_refused.html", status=403)


class LoginView(OIDCAuthenticationRequestView):
    """mozilla-django-oidc's login, which stops the admin ↔ provider loop.

    Wagtail sends a signed-in person who may not use the admin to the login URL with
    ``next=/admin/…``. Logging in again at the provider succeeds and brings them back to the
    admin, which sends them to the login URL again, until the browser gives up. That person
    gets a page saying what the admin is and whom to ask instead.
    """

    def get(self, request):
        admin_home = reverse("wagtailadmin_home")
        if (
            request.user.is_authenticated
            and request.GET.get("next", "").startswith(admin_home)
            and not request.user.has_perm("wagtailadmin.access_admin")
        ):
            return admin_refused(request)
        return super().get(request)
