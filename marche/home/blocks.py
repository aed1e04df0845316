from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="image")
    alt = blocks.CharBlock(
        label="texte alternatif", required=False, help_text="Laisser vide si l'image est décorative."
    )
    caption = blocks.CharBlock(label="légende", required=False)

    class Meta:
        icon = "image"
        label = "Image"
        template = "home/blocks/image.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="texte")
    label = blocks.CharBlock(label="libellé du bouton")
    url = blocks.CharBlock(label="lien", help_text="URL complète ou chemin, par exemple /recherche/")

    class Meta:
        icon = "link"
        label = "Appel à l'action"
        template = "home/blocks/call_to_action.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="citation")
    author = blocks.CharBlock(label="auteur", required=False)

    class Meta:
        icon = "openquote"
        label = "Citation"
        template = "home/blocks/quote.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="question")
    answer = blocks.RichTextBlock(label="réponse", features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "help"
        label = "Question"


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="titre", required=False)
    questions = blocks.ListBlock(QuestionBlock(), label="questions")

    class Meta:
        icon = "list-ul"
        label = "FAQ (accordéon)"
        template = "home/blocks/accordion.html"


class FaqSectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="titre de la section")
    questions = blocks.ListBlock(QuestionBlock(), label="questions")

    class Meta:
        icon = "folder-open-inverse"
        label = "Section de questions"


CONTENT_BLOCKS = [
    ("rich_text", blocks.RichTextBlock(label="texte", features=["h2", "h3", "bold", "italic", "link", "ul", "ol"])),
    ("image", ImageBlock()),
    ("call_to_action", CallToActionBlock()),
    ("quote", QuoteBlock()),
    ("faq", AccordionBlock()),
]
