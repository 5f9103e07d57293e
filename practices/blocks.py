"""The small shared set of StreamField blocks, used by practices and by the parcours pages."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from readability.languages import LANGUAGE_FEATURES

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", *LANGUAGE_FEATURES]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="texte du titre")
    level = blocks.ChoiceBlock(
        label="niveau",
        choices=[("h2", "Titre de section"), ("h3", "Sous-titre")],
        default="h2",
        help_text="Le titre de la page est le seul titre principal : ici, choisissez une section ou une sous-section.",
    )

    class Meta:
        icon = "title"
        label = "Titre"
        template = "blocks/heading_block.html"


class TestimonyBlock(blocks.StructBlock):
    quote = blocks.TextBlock(
        label="témoignage", help_text="Les mots de la personne, tels qu'elle les a dits ou écrits."
    )
    author = blocks.CharBlock(
        label="qui parle",
        help_text="Un prénom et un rôle, avec son accord (par exemple « Océane, coordinatrice »).",
    )

    class Meta:
        icon = "openquote"
        label = "Témoignage"
        template = "blocks/testimony_block.html"


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        label="chiffre", max_length=20, help_text="Le chiffre seul, par exemple « 16 » ou « 85 % »."
    )
    label = blocks.CharBlock(
        label="ce qu'il signifie", max_length=160, help_text="Une phrase courte qui explique le chiffre."
    )
    source = blocks.CharBlock(label="source", required=False, max_length=200)

    class Meta:
        icon = "pick"
        label = "Chiffre clé"
        template = "blocks/key_figure_block.html"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label="image")
    caption = blocks.CharBlock(label="légende", required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Image avec légende"
        template = "blocks/figure_block.html"


class EvidenceScaleBlock(blocks.StaticBlock):
    class Meta:
        icon = "list-ol"
        label = "Échelle des niveaux de preuve"
        admin_text = "Affiche l'échelle des niveaux de preuve publiée (modifiable dans « Échelle des niveaux de preuve »)."
        template = "blocks/evidence_scale_block.html"


class ContentBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label="Paragraphe",
        icon="pilcrow",
        template="blocks/paragraph_block.html",
    )
    list = blocks.ListBlock(
        blocks.CharBlock(label="élément"),
        label="Liste à puces",
        icon="list-ul",
        template="blocks/list_block.html",
    )
    testimony = TestimonyBlock()
    figure = FigureBlock()
    key_figure = KeyFigureBlock()


class StandardContentBlock(ContentBlock):
    evidence_scale = EvidenceScaleBlock()
