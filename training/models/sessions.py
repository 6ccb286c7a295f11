from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager
from wagtail.permissions import policy_registry

from portal import access


class TrainingSession(ClusterableModel):
    """A face-to-face session: a facilitator records who was in the room.

    Saving one records no attendance: whoever saves it calls
    training.learning.record_attendance, which enrols the participants and decides their
    completions in the same transaction."""

    course = models.ForeignKey(
        "training.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    date = models.DateField(_("date"))
    area = models.ForeignKey(
        "portal.AdministrativeArea",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    trainer = models.CharField(_("trainer"), max_length=255)
    participants = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants"), blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    panels = [
        FieldPanel("course"),
        FieldPanel("date"),
        FieldPanel("area"),
        FieldPanel("venue"),
        FieldPanel("trainer"),
        FieldPanel("participants"),
    ]

    class Meta:
        ordering = ["-date"]
        verbose_name = _("face-to-face session")
        verbose_name_plural = _("face-to-face sessions")

    def __str__(self):
        # The admin annotates its course's title in the admin's language (course_title,
        # training.admin_views.with_course_titles); elsewhere, the course page's own title.
        course = getattr(self, "course_title", None) or self.course.title
        return f"{course} · {self.date} · {self.area}"


class SessionLogEntryManager(ModelLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.setdefault("area_id", instance.area_id)
        return super().log_action(instance, action, **kwargs)

    def viewable_by_user(self, user):
        # Not through Wagtail's own: it keeps the content types a user may see on the user
        # object, shared by every log model, so the first model the site history asks (its
        # own log, often empty) answered for this one too. The sessions' registered policy.
        sessions = policy_registry.get_by_type(TrainingSession)
        if not sessions.user_has_any_permission(user, ["view", "change"]):
            return self.none()
        return access.visible(user, self.all())


class SessionLogEntry(BaseLogEntry):
    """The admin's record of what was done to a face-to-face session (Wagtail's history and site
    history). Kept apart from Wagtail's shared log, with the session's place when written, so
    that the site history shows provincial staff only their province's sessions
    (portal.access), as the session list does."""

    object_id = models.CharField(max_length=255, db_index=True)
    area = models.ForeignKey(
        "portal.AdministrativeArea",
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SessionLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("face-to-face session log entry")
        verbose_name_plural = _("face-to-face session log entries")
