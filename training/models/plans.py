"""Capacity-development plans (Strategy 2): per year and scope, how many people of each actor
type are to be trained in a course or a learning path, and the share of women among them."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

FIRST_YEAR, LAST_YEAR = 2020, 2100
# More people of one actor type than this in one plan is a typing error, not a plan: the
# whole programme counts about 1,650 communes.
MAX_PEOPLE = 100_000


class TrainingPlan(ClusterableModel):
    """The plan of one year, for the whole country (no province) or for one province."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    province = models.ForeignKey(
        "portal.AdministrativeArea",
        verbose_name=_("province"),
        help_text=_("Leave empty for the national plan."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "province"},
    )
    notes = models.TextField(_("notes"), blank=True)

    panels = [
        FieldPanel("year"),
        FieldPanel("province"),
        FieldPanel("notes"),
        InlinePanel("targets", heading=_("Targets"), label=_("target")),
    ]

    class Meta:
        ordering = ["-year", "province__code"]
        verbose_name = _("capacity-development plan")
        verbose_name_plural = _("capacity-development plans")
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(province__isnull=True),
                name="one_national_plan_per_year",
            ),
            models.UniqueConstraint(fields=["year", "province"], name="one_plan_per_province_year"),
        ]

    def __str__(self):
        return f"{self.year} · {self.scope_label}"

    @property
    def scope_label(self):
        return str(self.province) if self.province_id else str(_("National"))


class PlanTarget(models.Model):
    """People of one actor type to train in a course or a learning path (one of the two)."""

    plan = ParentalKey(TrainingPlan, on_delete=models.CASCADE, related_name="targets")
    course = models.ForeignKey(
        "training.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"locale__language_code": "km"},
    )
    path = models.ForeignKey(
        "training.LearningPath",
        verbose_name=_("learning path"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_type = models.ForeignKey(
        "portal.ActorType",
        verbose_name=_("actor type"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"locale__language_code": "km"},
    )
    people = models.PositiveIntegerField(
        _("people to train"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE)]
    )
    women_percent = models.PositiveSmallIntegerField(
        _("target share of women (%)"), default=50, validators=[MaxValueValidator(100)]
    )

    panels = [
        FieldPanel("course"),
        FieldPanel("path"),
        FieldPanel("actor_type"),
        FieldPanel("people"),
        FieldPanel("women_percent"),
    ]

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(course__isnull=False, path__isnull=True)
                | Q(course__isnull=True, path__isnull=False),
                name="target_is_a_course_or_a_path",
            ),
            models.CheckConstraint(
                condition=Q(women_percent__lte=100), name="target_women_share_at_most_100"
            ),
        ]

    def __str__(self):
        return f"{self.course or self.path} · {self.actor_type} · {self.people}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if bool(self.course_id) == bool(self.path_id):
            raise ValidationError(_("Choose a course or a learning path, not both."))
