from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Sector, SectorGroup


class SectorGroupViewSet(SnippetViewSet):
    model = SectorGroup
    icon = "folder-open-inverse"
    list_display = ["name", "slug", "position"]
    search_fields = ["name"]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    list_display = ["label", "slug", "group"]
    list_filter = ["group"]
    search_fields = ["label", "slug"]


class SectorsGroup(SnippetViewSetGroup):
    menu_label = "Secteurs"
    menu_icon = "tag"
    items = (SectorGroupViewSet, SectorViewSet)


register_snippet(SectorsGroup)
