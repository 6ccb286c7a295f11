from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from portal.models import ReadableSlugMixin, TaggedContentMixin

from ..blocks import LessonStreamBlock


def canonical(page):
    """The page in the default language (Khmer): progress is recorded against it.

    A learner who reads a lesson in English and takes its quiz in Khmer is one learner on one
    course, so enrolments, progress and reports all point at the default-locale page.
    """
    default_id = default_locale_id()
    if page.locale_id == default_id:
        return page
    return type(page).objects.get(translation_key=page.translation_key, locale_id=default_id)


def in_locale(rows, locale_id):
    """Translatable snippets (strategies, actor types) in one language: each row's translation
    in that locale where it exists, else the row itself; in the rows' order."""
    rows = list(rows)
    model = type(rows[0]) if rows else None
    if model is None:
        return []
    if all(row.locale_id == locale_id for row in rows):
        return rows
    translated = {
        row.translation_key: row
        for row in model._default_manager.filter(
            translation_key__in=[r.translation_key for r in rows], locale_id=locale_id
        )
    }
    return [translated.get(row.translation_key, row) for row in rows]


_default_locale = {}


def default_locale_id():
    """The default locale's pk, looked up once per process (it is fixed by settings)."""
    from django.conf import settings

    key = settings.LANGUAGE_CODE
    if key not in _default_locale:
        _default_locale[key] = Locale.get_default().pk
    return _default_locale[key]


class CompletionRule(models.TextChoices):
    ONLINE = "online", _("All lessons read and all quizzes passed")
    ATTENDANCE = "attendance", _("Attendance at a face-to-face session")
    ONLINE_AND_ATTENDANCE = "online_and_attendance", _("Online work and attendance")
    ONLINE_OR_ATTENDANCE = "online_or_attendance", _("Online work or attendance")


class CourseIndexPage(ReadableSlugMixin, Page):
    search_type = "course_index"

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types = ["training.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course index")
        verbose_name_plural = _("course indexes")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        courses = CoursePage.objects.child_of(self).live().public().order_by("title")
        context["courses"] = Paginator(courses, 12).get_page(request.GET.get("page"))
        return context


class CoursePage(ReadableSlugMixin, TaggedContentMixin, Page):
    search_type = "course"

    summary = models.TextField(_("summary"), blank=True)
    learning_objectives = RichTextField(_("learning objectives"), blank=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated time (minutes)"), default=60)
    prerequisites = ParentalManyToManyField(
        "self",
        verbose_name=_("prerequisite courses"),
        blank=True,
        symmetrical=False,
        related_name="+",
    )
    completion_rule = models.CharField(
        _("completion rule"),
        max_length=32,
        choices=CompletionRule.choices,
        default=CompletionRule.ONLINE,
    )
    reveal_quiz_answers = models.BooleanField(
        _("show the right answers after the last attempt"),
        default=True,
        help_text=_(
            "Untick to never show them. They are never shown while the learner has attempts left."
        ),
    )
    issuer = models.CharField(
        _("certificate issuer"),
        max_length=255,
        default="National School of Local Administration (NSLA)",
    )
    certificate_valid_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a certificate that does not expire."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("learning_objectives"),
        FieldPanel("estimated_minutes"),
        FieldPanel("prerequisites"),
        MultiFieldPanel(
            [
                FieldPanel("completion_rule"),
                FieldPanel("reveal_quiz_answers"),
                FieldPanel("issuer"),
                FieldPanel("certificate_valid_months"),
            ],
            heading=_("Completion"),
        ),
        *TaggedContentMixin.tagging_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("learning_objectives"),
    ]
    parent_page_types = ["training.CourseIndexPage"]
    subpage_types = ["training.CourseModulePage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def needs_online(self):
        return self.completion_rule != CompletionRule.ATTENDANCE

    def modules(self):
        return CourseModulePage.objects.child_of(self).live()

    def outline(self):
        """``[(module, [its live lessons])]`` in the course's order: two queries, whatever the
        number of modules."""
        modules = list(self.modules())
        lessons = {}
        for lesson in self.lessons().filter(depth=self.depth + 2):
            lessons.setdefault(lesson.path[: -self.steplen], []).append(lesson)
        return [(module, lessons.get(module.path, [])) for module in modules]

    def lessons(self):
        return CourseLessonPage.objects.descendant_of(self).live().order_by("path")

    def facts(self):
        """Who the course is for, its strategies and its prerequisites, shown on this page.

        They belong to the translation group: they are read from the default-language course
        (as progress and completion are), so a translation shows them even though its own
        fields were never filled. Each is shown in this page's language when translated."""
        try:
            source = canonical(self)
        except CoursePage.DoesNotExist:  # a course that exists only in another language
            source = self
        prerequisites = []
        for course in source.prerequisites.all():
            shown = course.get_translation_or_none(self.locale)
            prerequisites.append(shown if shown is not None and shown.live else course)
        return {
            "actor_types": in_locale(source.actor_types.all(), self.locale_id),
            "strategies": in_locale(source.strategies.all(), self.locale_id),
            "prerequisites": prerequisites,
        }

    def get_context(self, request, *args, **kwargs):
        from ..learning import course_state

        context = super().get_context(request, *args, **kwargs)
        context.update(course_state(request.user, self))
        return context


class CourseModulePage(ReadableSlugMixin, Page):
    search_type = "course_module"

    summary = models.TextField(_("summary"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary")]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["training.CoursePage"]
    subpage_types = ["training.CourseLessonPage"]

    class Meta:
        verbose_name = _("course module")
        verbose_name_plural = _("course modules")

    def serve(self, request, *args, **kwargs):
        # A module is a heading on its course page, not a page of its own.
        from django.shortcuts import redirect

        return redirect(self.get_parent().get_url(request=request))

    def search_result_url(self):
        """Where a search hit on the module leads: its heading on the course page.

        The course is the module's parent, so its address is the module's without the last
        segment: no query for the parent (one per module among the results)."""
        url = self.get_url()
        if url is None:
            return None
        return f"{url[: url.rstrip('/').rfind('/') + 1]}#module-{self.slug}"


class CourseLessonPage(ReadableSlugMixin, TaggedContentMixin, Page):
    search_type = "course_lesson"

    body = StreamField(LessonStreamBlock(), verbose_name=_("body"), blank=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated time (minutes)"), default=10)

    content_panels = Page.content_panels + [
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
        *TaggedContentMixin.tagging_panels,
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["training.CourseModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @property
    def course(self):
        return CoursePage.objects.ancestor_of(self).first()

    def quiz_ids(self):
        return [block.value["quiz"].pk for block in self.body if block.block_type == "quiz"]

    def get_context(self, request, *args, **kwargs):
        from ..learning import lesson_state

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_state(request.user, self))
        # Where "mark as read" leads when the offline client records it (no server to ask):
        # the next lesson in the course's order, else the course page.
        course = CoursePage.objects.ancestor_of(self).first()
        if course is not None:
            following = (
                CourseLessonPage.objects.descendant_of(course)
                .live()
                .filter(path__gt=self.path)
                .order_by("path")
                .first()
            )
            context["offline_course"] = course
            context["next_url"] = (following or course).get_url(request=request)
        return context
