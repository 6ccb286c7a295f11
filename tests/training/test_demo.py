import pytest
from django.core.management import call_command

from training.models import CourseCompletion, CoursePage, Enrolment

pytestmark = pytest.mark.django_db


def test_demo_is_bilingual_idempotent_and_gives_the_report_figures(
    client, django_capture_on_commit_callbacks
):
    call_command("load_demo")
    counts = (
        CoursePage.objects.count(),
        Enrolment.objects.count(),
        CourseCompletion.objects.count(),
    )
    call_command("load_demo")
    assert (
        CoursePage.objects.count(),
        Enrolment.objects.count(),
        CourseCompletion.objects.count(),
    ) == counts
    assert CoursePage.objects.filter(locale__language_code="en").count() == 2
    assert counts[2] >= 5
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get("/admin/training/report/").content.decode()
    assert "<svg" in page and "កំពង់ស្ពឺ" in page and "សៀមរាប" in page
