"""Compte inclusion's URLconf (its handlers included) plus a view that raises, for the 500 page."""

from django.urls import path

from sso.urls import handler500
from sso.urls import urlpatterns as sso_urlpatterns
from tests.error_pages_urls import failing_view

__all__ = ["handler500", "urlpatterns"]

urlpatterns = [path("panne/", failing_view), *sso_urlpatterns]
