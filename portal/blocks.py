"""StreamField blocks shared by every page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        template = "portal/blocks/image_block.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("tip", _("Tip")), ("warning", _("Warning")), ("legal", _("Legal reference"))],
        default="tip",
    )
    text = blocks.RichTextBlock(label=_("text"))

    class Meta:
        icon = "help"
        template = "portal/blocks/callout_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("title"), required=False)

    class Meta:
        icon = "doc-full"
        template = "portal/blocks/document_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("heading"),
        form_classname="title",
        icon="title",
        template="portal/blocks/heading_block.html",
    )
    paragraph = blocks.RichTextBlock(label=_("paragraph"), icon="pilcrow")
    image = ImageBlock()
    callout = CalloutBlock()
    document = DocumentBlock()
