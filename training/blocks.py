"""The blocks of a lesson's body: the portal's shared blocks, plus video and a quiz."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.blocks import CalloutBlock, DocumentBlock, ImageBlock


class VideoBlock(blocks.StructBlock):
    """A video from an uploaded file (served by the portal) or an embed, with a captions track.

    Uploaded files are documents so editors manage them in one library; captions are a WebVTT
    document, because a video without captions shuts out deaf learners and noisy rooms.
    """

    file = DocumentChooserBlock(label=_("video file (MP4/WebM)"), required=False)
    embed = EmbedBlock(label=_("or embed URL"), required=False)
    captions = DocumentChooserBlock(label=_("captions (WebVTT)"), required=False)
    captions_language = blocks.ChoiceBlock(
        label=_("captions language"),
        choices=[("km", "ខ្មែរ"), ("en", "English")],
        default="km",
    )
    title = blocks.CharBlock(label=_("title"), required=False)

    class Meta:
        icon = "media"
        template = "training/blocks/video_block.html"

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        if not value.get("file") and not value.get("embed"):
            raise StructBlockValidationError(
                block_errors={"file": ValidationError(_("Choose a video file or an embed URL."))}
            )
        return value


class QuizBlock(blocks.StructBlock):
    quiz = SnippetChooserBlock("training.Quiz", label=_("quiz"))

    class Meta:
        icon = "tasks"
        # Rendered by the lesson template with the learner's attempts, not on its own.
        template = "training/blocks/quiz_block.html"


class LessonStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("text"), icon="pilcrow")
    video = VideoBlock(label=_("video"))
    image = ImageBlock(label=_("image"))
    document = DocumentBlock(label=_("document"))
    callout = CalloutBlock(label=_("callout"))
    quiz = QuizBlock(label=_("quiz"))


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"))
    correct = blocks.BooleanBlock(label=_("correct"), required=False)


class QuestionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[
            ("single", _("Single choice")),
            ("multiple", _("Multiple choice")),
            ("true_false", _("True or false")),
        ],
        default="single",
    )
    text = blocks.TextBlock(label=_("question"))
    choices = blocks.ListBlock(
        ChoiceBlock(),
        label=_("answers"),
        help_text=_("For true/false, give two answers: true and false."),
    )
    feedback = blocks.TextBlock(label=_("feedback shown after submitting"), required=False)

    class Meta:
        icon = "help"

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        errors = {}
        if len(value["choices"]) < 2:
            errors["choices"] = ValidationError(_("Give at least two answers."))
        elif correct == 0:
            errors["choices"] = ValidationError(_("Mark at least one answer correct."))
        elif value["kind"] != "multiple" and correct != 1:
            errors["choices"] = ValidationError(_("Mark exactly one answer correct."))
        if value["kind"] == "true_false" and len(value["choices"]) != 2:
            errors["choices"] = ValidationError(_("A true/false question has two answers."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class QuestionStreamBlock(blocks.StreamBlock):
    question = QuestionBlock(label=_("question"))
