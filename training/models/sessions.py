from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager
from wagtail.permissions import policy_registry

from portal import access

MAX_PLACES = 1000


class TrainingSession(ClusterableModel):
    """A face-to-face session: a facilitator records who was in the room.

    Saving one records no attendance: whoever saves it calls
    training.learning.record_attendance, which enrols the participants and decides their
    completions in the same transaction.

    A published session is in the public training calendar (training/calendar_views.py), where
    learners register for its places or join its waiting list (``SessionRegistration``,
    training.learning.registration); staff cancel it there too, never by editing a field."""

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
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    trainer = models.CharField(_("trainer"), max_length=255)
    places = models.PositiveIntegerField(
        _("places"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PLACES)],
        help_text=_(
            "How many learners may register; the others join the waiting list. More places "
            "go to the people waiting, in order, told by e-mail; fewer remove nobody."
        ),
    )
    published = models.BooleanField(
        _("in the training calendar"),
        default=False,
        help_text=_("Shown in the public calendar, where learners register."),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
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
        FieldPanel("start_time"),
        FieldPanel("end_time"),
        FieldPanel("area"),
        FieldPanel("venue"),
        FieldPanel("trainer"),
        FieldPanel("places"),
        FieldPanel("published"),
        FieldPanel("participants"),
    ]

    class Meta:
        ordering = ["-date"]
        verbose_name = _("face-to-face session")
        verbose_name_plural = _("face-to-face sessions")

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The session must end after it starts.")})

    @property
    def cancelled(self):
        return self.cancelled_at is not None

    def open_for_registration(self, today=None):
        """Published, not cancelled, and not yet held."""
        today = today or timezone.localdate()
        return self.published and not self.cancelled and self.date >= today

    def __str__(self):
        # The admin annotates its course's title in the admin's language (course_title,
        # training.admin_views.with_course_titles); elsewhere, the course page's own title.
        course = getattr(self, "course_title", None) or self.course.title
        return f"{course} · {self.date} · {self.area}"


class SessionRegistration(models.Model):
    """A learner's registration for a published session: a place, or a place on its waiting list.

    One per learner and session (a unique constraint: a double post cannot make two). The
    waiting list is served in the order people joined it (``registered_at``, then id). A learner
    who cancels is deleted from the session; a session staff cancel keeps its registrations, so
    that each learner sees it cancelled. Written only by training.learning.registration, under a
    lock on the session's row."""

    class Status(models.TextChoices):
        PLACE = "place", _("Registered")
        WAITING = "waiting", _("On the waiting list")

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("face-to-face session"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="session_registrations",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        ordering = ["registered_at", "pk"]
        verbose_name = _("session registration")
        verbose_name_plural = _("session registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="training_one_registration_per_session"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.session_id} · {self.status}"


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
