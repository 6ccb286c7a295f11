from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .learning import forget_requirements
from .models import CourseLessonPage, CourseModulePage, CoursePage


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
