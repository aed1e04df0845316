"""The legal pages both services publish (footer links): plain templates, one URL set.

Plain templates rather than Wagtail pages: Compte inclusion has no Wagtail, and the
terms carry a version (settings.TERMS_VERSION) that the code compares with what each
account accepted, so their text changes with a deploy, not in an editor.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import path


def _page(template: str):
    def view(request):
        return render(
            request,
            f"legal/{template}.html",
            {
                "base_template": f"{settings.SERVICE}/base.html",
                "terms_version": getattr(settings, "TERMS_VERSION", ""),
            },
        )

    view.__name__ = template.replace("-", "_")
    return view


app_name = "legal"
urlpatterns = [
    path("mentions-legales/", _page("mentions"), name="mentions"),
    path("donnees-personnelles/", _page("privacy"), name="privacy"),
    path("conditions-d-utilisation/", _page("terms"), name="terms"),
    path("accessibilite/", _page("accessibility"), name="accessibility"),
]
