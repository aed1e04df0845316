from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from common.health import health_view
from marche.core.views import login_failed
from search.health import elasticsearch_status

urlpatterns = [
    path("healthz", health_view(("elasticsearch", elasticsearch_status)), name="healthz"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("connexion/echec/", login_failed, name="login_failed"),
    path("", include("marche.suppliers.urls")),
    path("", include("marche.search.urls")),
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

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path from the page tree: keep it last.
urlpatterns.append(path("", include(wagtail_urls)))
