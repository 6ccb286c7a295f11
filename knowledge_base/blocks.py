"""The blocks of a guidebook section's body.

Callout, figure and document come from ``portal.blocks``; the rest exist only in the guidebook.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

from portal.blocks import CalloutBlock, DocumentBlock, ImageBlock


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False)
    items = blocks.ListBlock(blocks.CharBlock(label=_("item")), label=_("items"))

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        template = "knowledge_base/blocks/checklist_block.html"


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False)
    steps = blocks.ListBlock(blocks.RichTextBlock(label=_("step")), label=_("steps"))

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")
        template = "knowledge_base/blocks/steps_block.html"


class CrossReferenceBlock(blocks.StructBlock):
    section = blocks.PageChooserBlock(
        label=_("section"), page_type="knowledge_base.GuidebookSectionPage"
    )
    text = blocks.CharBlock(
        label=_("link text"), required=False, help_text=_("Leave empty to use the section title")
    )

    class Meta:
        icon = "link"
        label = _("Cross-reference")
        template = "knowledge_base/blocks/cross_reference_block.html"


class GuidebookTableBlock(TableBlock):
    class Meta:
        label = _("Table")
        template = "knowledge_base/blocks/table_block.html"


class SectionBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("heading"),
        form_classname="title",
        icon="title",
        template="knowledge_base/blocks/heading_block.html",
    )
    paragraph = blocks.RichTextBlock(label=_("rich text"), icon="pilcrow")
    callout = CalloutBlock(label=_("Callout"))
    checklist = ChecklistBlock()
    steps = StepsBlock()
    table = GuidebookTableBlock()
    figure = ImageBlock(label=_("Figure"))
    document = DocumentBlock(label=_("Downloadable form or template"))
    cross_reference = CrossReferenceBlock()


class GalleryBlock(blocks.StreamBlock):
    image = ImageBlock()


class AttachmentsBlock(blocks.StreamBlock):
    document = DocumentBlock()


class RelatedLessonsBlock(blocks.StreamBlock):
    lesson = blocks.PageChooserBlock(label=_("lesson"), page_type="knowledge_base.LessonPage")
