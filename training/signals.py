from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.infrastructure import outbox

from .learning import forget_lesson_links, forget_requirements, lesson_link
from .models import CourseCompletion, CourseLessonPage, CourseModulePage, CoursePage, PathStep


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_delete)
def course_content_changed(sender, instance, **kwargs):
    """A lesson published, unpublished or deleted changes what its course requires."""
    if not isinstance(instance, CourseLessonPage | CourseModulePage | CoursePage):
        return
    course = (
        instance
        if isinstance(instance, CoursePage)
        else CoursePage.objects.ancestor_of(instance).first()
    )
    if course is not None:
        forget_requirements(course.pk)


@receiver(post_page_move)
def course_page_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kw):
    """A lesson, module or course moved: which course a lesson belongs to may have changed."""
    if not issubclass(sender, CourseLessonPage | CourseModulePage | CoursePage):
        return
    forget_lesson_links()
    for parent in (parent_page_before, parent_page_after):
        if parent is not None:
            course = CoursePage.objects.ancestor_of(parent, inclusive=True).first()
            if course is not None:
                forget_requirements(course.pk)


@receiver(page_published)
def lesson_published(sender, instance, **kwargs):
    """Fill the lesson → course lookup now rather than at the lesson's first progress event."""
    if isinstance(instance, CourseLessonPage):
        lesson_link(instance.pk)


@receiver(post_save, sender=CourseCompletion)
def course_completed(sender, instance, created, **kwargs):
    """A completed course may complete a learning path: checked after commit, in the background,
    as the course's own certificate is (award_paths is idempotent)."""
    if created and PathStep.objects.filter(course_id=instance.enrolment.course_id).exists():
        from .tasks import award_paths

        outbox.enqueue(award_paths, instance.enrolment.user_id)
