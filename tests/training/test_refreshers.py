"""Refreshers: certificates of courses with a validity, expired or expiring within 30 days, shown
to staff for the learners placed where they act."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from training.models import Certificate, CourseCompletion, Enrolment
from training.refreshers import add_months

from .conftest import admin_in, build_course

pytestmark = pytest.mark.django_db
URL = "/admin/training/refreshers/"


def certify(user, course, issued_on):
    enrolment = Enrolment.objects.create(user=user, course=course, source="self")
    completion = CourseCompletion.objects.create(
        enrolment=enrolment, completed_at=timezone.now(), via="online"
    )
    return Certificate.objects.create(
        completion=completion,
        learner_name=user.get_full_name(),
        course_title_km=course.title,
        course_title_en=course.title,
        issuer="NSLA",
        issued_on=issued_on,
    )


@pytest.fixture
def certificates(home, make_user):
    valid = build_course(home, slug="valid", with_quiz=False, lessons=1).course
    valid.certificate_valid_months = 12
    valid.save()
    forever = build_course(home, slug="forever", with_quiz=False, lessons=1).course
    today = timezone.localdate()
    soon = make_user("soon", groups=["Learner"], area_code="05")
    old = make_user("old", groups=["Learner"], area_code="17")
    fresh = make_user("fresh", groups=["Learner"], area_code="05")
    certify(soon, valid, add_months(today, -12) + timedelta(days=20))  # expires in 20 days
    certify(old, valid, add_months(today, -24))  # expired a year ago
    certify(fresh, valid, today)
    certify(fresh, forever, date(2020, 1, 1))  # a course whose certificates do not expire


def test_national_staff_see_who_is_due_the_earliest_first(client, certificates, make_user):
    client.force_login(admin_in(make_user("nat", groups=["National staff"], area_code="12"), "en"))
    response = client.get(URL)
    rows = response.context["rows"]
    assert [(r.username, r.expired) for r in rows] == [("old", True), ("soon", False)]
    csv = client.get(URL + "?format=csv").content.decode("utf-8-sig").splitlines()
    assert csv[0] == "learner,username,course,place,issued on,valid until"
    assert [line.split(",")[1] for line in csv[1:]] == ["old", "soon"]


def test_provincial_staff_see_their_provinces_learners_only(client, certificates, make_user):
    client.force_login(
        admin_in(make_user("ksp", groups=["Provincial staff"], area_code="05"), "en")
    )
    assert [r.username for r in client.get(URL).context["rows"]] == ["soon"]


def test_a_month_later_keeps_the_day_or_the_months_last():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)
    assert add_months(date(2026, 3, 10), -12) == date(2025, 3, 10)
