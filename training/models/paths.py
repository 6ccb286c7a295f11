"""Learning paths: an ordered set of courses and face-to-face sessions for one actor type (a CAF
induction, say), recommended on the learner's dashboard."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from portal.models import BilingualName


class LearningPath(BilingualName, ClusterableModel):
    """Names in both languages on one row, as for areas: plans, certificates and progress point
    at one path whatever language they are read in."""

    slug = models.SlugField(_("code"), max_length=64, unique=True)
    name_km = models.CharField(_("name in Khmer"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255)
    description_km = models.TextField(_("description in Khmer"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    actor_types = models.ManyToManyField(
        "portal.ActorType",
        verbose_name=_("recommended to"),
        blank=True,
        related_name="+",
        limit_choices_to={"locale__language_code": "km"},
    )
    issuer = models.CharField(
        _("certificate issued by"),
        max_length=255,
        default="National School of Local Administration (NSLA)",
    )

    panels = [
        FieldPanel("slug"),
        FieldPanel("name_km"),
        FieldPanel("name_en"),
        FieldPanel("description_km"),
        FieldPanel("description_en"),
        FieldPanel("actor_types"),
        FieldPanel("issuer"),
        InlinePanel("steps", heading=_("Steps, in order"), label=_("step"), min_num=1),
    ]

    class Meta:
        ordering = ["name_km"]
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")

    def __str__(self):
        return self.name

    @property
    def description(self):
        if get_language() == "en" and self.description_en:
            return self.description_en
        return self.description_km


class PathStep(Orderable):
    """One step: complete a course online, or attend a face-to-face session of a course."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Complete the course")
        SESSION = "session", _("Attend a face-to-face session of the course")

    path = ParentalKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=16, choices=Kind.choices, default=Kind.COURSE)
    course = models.ForeignKey(
        "training.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"locale__language_code": "km"},
    )

    panels = [FieldPanel("kind"), FieldPanel("course")]

    class Meta(Orderable.Meta):
        verbose_name = _("learning path step")
        verbose_name_plural = _("learning path steps")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.course}"


class PathCompletion(models.Model):
    """A learner did every step of a learning path: written once, with its certificate."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="path_completions",
    )
    path = models.ForeignKey(
        LearningPath,
        verbose_name=_("learning path"),
        on_delete=models.CASCADE,
        related_name="completions",
    )
    completed_at = models.DateTimeField(_("completed at"))

    class Meta:
        verbose_name = _("learning path completion")
        verbose_name_plural = _("learning path completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "path"], name="one_completion_per_path")
        ]

    def __str__(self):
        return f"{self.user} → {self.path}"
