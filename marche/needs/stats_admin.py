"""The editors' statistics page on needs, in the Wagtail admin (permission
``needs.moderate_need``), with a CSV export.

Registered from NeedsConfig.ready() rather than a ``wagtail_hooks`` module so that the
moderation's own hooks module (another part of the needs work) stays separate."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from common import spreadsheet

from . import stats

PERMISSION = "needs.moderate_need"


def _period(params) -> tuple[stats.Period, list[str]]:
    """The period of the query string (default: the last 365 days), with French errors."""
    today = timezone.localdate()
    errors, bounds = [], {}
    for name, default, label in (("debut", today - timedelta(days=365), "début"), ("fin", today, "fin")):
        raw = (params.get(name) or "").strip()
        try:
            bounds[name] = date.fromisoformat(raw) if raw else default
        except ValueError:
            errors.append(f"Date de {label} invalide : utilisez le format AAAA-MM-JJ.")
            bounds[name] = default
    if bounds["debut"] > bounds["fin"]:
        errors.append("La date de début doit précéder la date de fin.")
        bounds["debut"], bounds["fin"] = bounds["fin"], bounds["debut"]
    return stats.Period(start=bounds["debut"], end=bounds["fin"]), errors


def statistics_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    period, errors = _period(request.GET)
    if request.GET.get("format") == "csv" and not errors:
        header, rows = stats.export_table(period)
        return spreadsheet.download(
            what=f"statistiques besoins {period.start} {period.end}", file_format="csv", header=header, rows=rows
        )
    return render(request, "marche/needs/stats_admin.html", {"summary": stats.summary(period), "errors": errors})


@hooks.register("register_admin_urls")
def register_statistics_url():
    return [path("besoins/statistiques/", statistics_view, name="needs_statistics")]


class _StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return _StatisticsMenuItem("Statistiques des besoins", reverse("needs_statistics"), icon_name="table", order=910)
