import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from common.health import health_view
from marche.core import views as core_views
from marche.core.views import login_failed
from marche.users import views as users_views
from search.health import elasticsearch_status

urlpatterns = [
    path("healthz", health_view(("elasticsearch", elasticsearch_status)), name="healthz"),
    # Before mozilla-django-oidc's own: the same login, without the admin ↔ provider loop.
    path("oidc/authenticate/", core_views.LoginView.as_view()),
    path("oidc/backchannel-logout/", users_views.backchannel_logout, name="backchannel_logout"),
    path("compte/", include(([path("actualiser/", users_views.refresh_claims, name="refresh_claims")], "users"))),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("connexion/echec/", login_failed, name="login_failed"),
    path("", include("common.legal")),
    path("", include("marche.suppliers.urls")),
    path("", include("marche.search.urls")),
    path("", include("marche.contact.urls")),
    path("", include("marche.checker.urls")),
    path("", include("marche.needs.urls")),
    path("besoins/", include("marche.needs.supplier_urls")),
    path("", include("marche.api.urls")),
    path("", include("marche.lists.urls")),
    # Logos of search results: a signed URL made at indexing time, redirected to the
    # rendition (made once, on first request).
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$",
        ServeView.as_view(action="redirect"),
        name="wagtailimages_serve",
    ),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

# Uploaded files, with a type that cannot run and nosniff (marche.core.views.media), in
# development and in production alike, unless media live elsewhere (an absolute MEDIA_URL:
# see the README for what that storage must send).
if settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", core_views.media))

# Wagtail serves every other path from the page tree: keep it last.
urlpatterns.append(path("", include(wagtail_urls)))

handler500 = "common.error_pages.server_error"
