"""Staff overrides of completion, and the certificates withdrawn when one is undone.

An override is its own audit trail: the row says who marked the course complete, when and why,
and, once undone, who undid it, when and why. It is never deleted by the portal (a learner's
account deleted takes it along, as it takes their enrolments)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CompletionOverride(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="completion_overrides",
    )
    # Always the course in the default language, as enrolments are.
    course = models.ForeignKey(
        "training.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="completion_overrides",
    )
    reason = models.TextField(_("reason"))
    # SET_NULL: the trail outlives a staff account deleted later.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("marked at"), default=timezone.now)
    # The completion the override made, while it stands.
    completion = models.OneToOneField(
        "training.CourseCompletion",
        verbose_name=_("course completion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="override",
    )
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undo_reason = models.TextField(_("reason for undoing"), blank=True)

    class Meta:
        verbose_name = _("completion marked by staff")
        verbose_name_plural = _("completions marked by staff")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Two staff members marking the same learner at once: one wins.
            models.UniqueConstraint(
                fields=["learner", "course"],
                condition=Q(undone_at__isnull=True),
                name="one_standing_override_per_course",
            )
        ]

    def __str__(self):
        return f"{self.learner} → {self.course_id} ({self.created_at:%Y-%m-%d})"

    @property
    def standing(self):
        return self.undone_at is None


class WithdrawnCertificate(models.Model):
    """What a certificate said, kept when it was withdrawn (its completion undone), so that the
    verification page answers "withdrawn on …" for its code rather than "no such code"."""

    code = models.CharField(_("verification code"), max_length=32, unique=True)
    learner_name = models.CharField(_("learner's name"), max_length=255)
    course_title_km = models.CharField(_("course title in Khmer"), max_length=255)
    course_title_en = models.CharField(_("course title in English"), max_length=255)
    issued_on = models.DateField(_("issued on"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), default=timezone.now)
    override = models.ForeignKey(
        CompletionOverride,
        verbose_name=_("completion marked by staff"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="withdrawn_certificates",
    )

    class Meta:
        verbose_name = _("withdrawn certificate")
        verbose_name_plural = _("withdrawn certificates")

    def __str__(self):
        return self.code
