import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    class Source(models.TextChoices):
        SELF = "self", _("Self-enrolled")
        ASSIGNED = "assigned", _("Assigned")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    # Always the course in the default language: see training.models.pages.canonical.
    course = models.ForeignKey(
        "training.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    last_lesson = models.ForeignKey(
        "training.CourseLessonPage",
        verbose_name=_("last lesson"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_activity_at = models.DateTimeField(_("last activity at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        permissions = [
            ("view_completion_report", "Can view completion reports"),
            ("enrol_cohort", "Can enrol a cohort from a CSV file"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")
        ]

    def __str__(self):
        return f"{self.user} → {self.course}"


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="lessons"
    )
    lesson = models.ForeignKey(
        "training.CourseLessonPage",
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed at"))

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="one_progress_per_lesson")
        ]

    def __str__(self):
        return f"{self.enrolment_id}:{self.lesson_id}"


class QuizAttempt(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="attempts"
    )
    quiz = models.ForeignKey(
        "training.Quiz", verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="attempts"
    )
    lesson = models.ForeignKey(
        "training.CourseLessonPage",
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    answers = models.JSONField(_("answers"), default=dict)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["number"]
        # Two submissions racing for the same attempt number: one wins, the other is refused.
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "quiz", "number"], name="one_attempt_per_number"
            )
        ]

    def __str__(self):
        return f"{self.enrolment_id}:{self.quiz_id}#{self.number} {self.score}%"


class ProgressEvent(models.Model):
    """One event posted by the mobile app, stored once per client-generated id.

    An append-only log written by every learner at once, so the database checks only its
    enrolment reference. ``user`` (the enrolment's learner, for the per-learner id) and
    ``lesson`` are not database constraints: checking them locks the referenced row at every
    commit, and every learner of a course shares its lesson rows; with 200 learners posting
    at once those checks cost about a sixth of the event API's throughput (bench/
    progress_load.py). Deleting a learner or a lesson still deletes their events (Django
    cascades them), and the event path only writes ids it has just read from the enrolment.
    """

    class Kind(models.TextChoices):
        VIEWED = "lesson_viewed", _("Lesson viewed")
        COMPLETED = "lesson_completed", _("Lesson completed")
        # Answered offline, scored by the server when the event arrives (learning/quizzes.py).
        QUIZ = "quiz_answered", _("Quiz answered")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="progress_events",
        db_constraint=False,
        db_index=False,  # the (user, client id) constraint's index serves it
    )
    client_id = models.UUIDField(_("client id"))
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="events"
    )
    lesson = models.ForeignKey(
        "training.CourseLessonPage",
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    result = models.JSONField(_("result"), default=dict)

    class Meta:
        verbose_name = _("progress event")
        verbose_name_plural = _("progress events")
        constraints = [
            models.UniqueConstraint(fields=["user", "client_id"], name="one_event_per_client_id")
        ]

    def __str__(self):
        return str(self.client_id)


class CourseCompletion(models.Model):
    """Written in the transaction of the event that met the course's last requirement, or by
    staff marking the course complete (``via`` BY_STAFF, with its CompletionOverride)."""

    BY_STAFF = "staff"

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="completion"
    )
    completed_at = models.DateTimeField(_("completed at"))
    via = models.CharField(_("met by"), max_length=32)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")

    def __str__(self):
        return f"{self.enrolment} ({self.completed_at:%Y-%m-%d})"


def new_verification_code():
    return uuid.uuid4().hex[:12].upper()


def private_storage():
    """Where certificate PDFs are kept: the "private" storage (settings PRIVATE_MEDIA_ROOT),
    which /media/ never serves; only the owner's checked view (training:certificate_pdf) reads
    them. A callable, so that migrations name it rather than a machine's path."""
    return storages["private"]


class CertificateQuerySet(models.QuerySet):
    def of(self, user):
        """The learner's certificates: of their courses and of their learning paths."""
        return self.filter(
            models.Q(completion__enrolment__user=user) | models.Q(path_completion__user=user)
        )


class Certificate(models.Model):
    """The certificate of a course completion, or of a learning path's (one of the two)."""

    completion = models.OneToOneField(
        CourseCompletion,
        verbose_name=_("course completion"),
        on_delete=models.CASCADE,
        related_name="certificate",
        null=True,
        blank=True,
    )
    path_completion = models.OneToOneField(
        "training.PathCompletion",
        verbose_name=_("learning path completion"),
        on_delete=models.CASCADE,
        related_name="certificate",
        null=True,
        blank=True,
    )
    code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=new_verification_code
    )
    learner_name = models.CharField(_("learner's name"), max_length=255)
    course_title_km = models.CharField(_("course title in Khmer"), max_length=255)
    course_title_en = models.CharField(_("course title in English"), max_length=255)
    issuer = models.CharField(_("issued by"), max_length=255)  # as the Khmer course names it
    issuer_en = models.CharField(_("issued by (English)"), max_length=255, blank=True)
    issued_on = models.DateField(_("issued on"))
    pdf = models.FileField(_("PDF"), upload_to="certificates/", blank=True, storage=private_storage)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completion__isnull=False, path_completion__isnull=True)
                | models.Q(completion__isnull=True, path_completion__isnull=False),
                name="certificate_of_a_course_or_a_path",
            )
        ]

    def __str__(self):
        return self.code

    @property
    def of_path(self):
        return self.path_completion_id is not None

    @property
    def issuer_shown(self):
        """The issuer in the language being shown: English when the course had an English
        translation when the certificate was issued, else as the Khmer course names it."""
        from django.utils.translation import get_language

        if get_language() == "en" and self.issuer_en:
            return self.issuer_en
        return self.issuer


class LessonCourse(models.Model):
    """Which course a lesson page belongs to: a lookup table, so that recording progress does
    not walk the page tree.

    One row per lesson page in any language, pointing at the lesson and the course in the
    default language (what progress is recorded against). Filled on first use (see
    training.learning.lesson_link) and emptied when a course page, module or lesson moves; a
    deleted page takes its rows with it.
    """

    lesson = models.OneToOneField(
        "training.CourseLessonPage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    canonical_lesson = models.ForeignKey(
        "training.CourseLessonPage", on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        "training.CoursePage", on_delete=models.CASCADE, related_name="lesson_links"
    )

    def __str__(self):
        return f"{self.lesson_id} → {self.course_id}"
