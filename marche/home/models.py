from django.db import models
from django.utils.text import slugify
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import CONTENT_BLOCKS, FaqSectionBlock
from .selectors import matching_questions


class HomePage(Page):
    """The Marché's home page, edited in the Wagtail admin."""

    intro = RichTextField("introduction", blank=True)
    hero_title = models.CharField("titre du bandeau", max_length=200, blank=True)
    hero_text = models.TextField("texte du bandeau", blank=True)
    cta_label = models.CharField("bouton de recherche", max_length=80, default="Trouver un fournisseur inclusif")
    highlighted_sectors = ParentalManyToManyField("sectors.Sector", blank=True, verbose_name="secteurs mis en avant")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("cta_label")], heading="Bandeau"
        ),
        FieldPanel("intro"),
        FieldPanel("highlighted_sectors"),
        InlinePanel("highlighted_suppliers", label="fournisseurs mis en avant", max_num=6),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "page d'accueil"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_pages"] = (
            ContentPage.objects.live().public().descendant_of(self).order_by("-first_published_at")[:3]
        )
        context["suppliers"] = [
            h.supplier
            for h in self.highlighted_suppliers.select_related("supplier__logo")
            if h.supplier.hidden_at is None and h.supplier.is_active
        ]
        return context


class HomeHighlightedSupplier(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="highlighted_suppliers")
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="+", verbose_name="fournisseur"
    )

    panels = [FieldPanel("supplier")]


class ContentPage(Page):
    intro = models.TextField("chapô", blank=True)
    body = StreamField(CONTENT_BLOCKS, verbose_name="contenu", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = "page de contenu"


class Audience(models.TextChoices):
    BUYERS = "buyers", "Acheteurs"
    SIAE = "siae", "Structures inclusives (SIAE)"
    PARTNERS = "partners", "Partenaires"


def question_anchors(sections) -> list[tuple[dict, list[tuple[str, dict]]]]:
    """Stable anchors for every question, unique in the page (support links to one answer)."""
    seen: dict[str, int] = {}
    result = []
    for section in sections:
        questions = []
        for question in section.value["questions"]:
            anchor = slugify(question["question"])[:80] or "question"
            seen[anchor] = seen.get(anchor, 0) + 1
            if seen[anchor] > 1:
                anchor = f"{anchor}-{seen[anchor]}"
            questions.append((anchor, question))
        result.append((section.value, questions))
    return result


class FaqPage(Page):
    audience = models.CharField("public", max_length=10, choices=Audience.choices)
    intro = models.TextField("introduction", blank=True)
    sections = StreamField([("section", FaqSectionBlock())], verbose_name="sections", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("audience"), FieldPanel("intro"), FieldPanel("sections")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("sections")]
    parent_page_types = ["home.HelpCentrePage"]

    class Meta:
        verbose_name = "page de FAQ"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["anchored_sections"] = question_anchors(self.sections)
        return context


class HelpCentrePage(Page):
    intro = models.TextField("introduction", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["home.FaqPage"]
    max_count = 1

    class Meta:
        verbose_name = "centre d'aide"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        faq_pages = FaqPage.objects.live().public().child_of(self)
        context["by_audience"] = [
            (label, [p for p in faq_pages if p.audience == value]) for value, label in Audience.choices
        ]
        query = request.GET.get("q", "").strip()
        context["query"] = query
        if query:
            context["matching_questions"] = matching_questions(faq_pages.specific(), query)
        return context
