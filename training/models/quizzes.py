import random

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin

from ..blocks import QuestionStreamBlock


class Quiz(TranslatableMixin, models.Model):
    """A set of questions with a pass mark. Translatable: question and answer ids stay the same
    in every language, so an attempt is scored the same whichever language it was taken in."""

    title = models.CharField(_("title"), max_length=255)
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("questions"))
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, help_text=_("Percentage of questions answered correctly.")
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"), default=3, help_text=_("0 means no limit.")
    )
    shuffle = models.BooleanField(_("shuffle answers"), default=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("pass_mark"),
        FieldPanel("max_attempts"),
        FieldPanel("shuffle"),
        FieldPanel("questions"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Answers written as plain lists get fresh ids each time they are read; touching every
        # question converts them, so they are stored with ids that scoring can rely on.
        for _question in self.questions:
            pass
        super().save(*args, **kwargs)

    def question_list(self, seed=None):
        """[{id, kind, text, feedback, choices: [{id, text, correct}]}], shuffled by seed."""
        rng = random.Random(seed)
        result = []
        for block in self.questions:
            if block.block_type != "question":
                continue
            choices = [
                {
                    "id": str(child.id),
                    "text": child.value["text"],
                    "correct": child.value["correct"],
                }
                for child in block.value["choices"].bound_blocks
            ]
            if self.shuffle and seed is not None and block.value["kind"] != "true_false":
                rng.shuffle(choices)
            result.append(
                {
                    "id": str(block.id),
                    "kind": block.value["kind"],
                    "text": block.value["text"],
                    "feedback": block.value["feedback"],
                    "choices": choices,
                }
            )
        return result
