"""A facilitator records who attended a face-to-face session by ticking the session's enrolled
learners, within their province like everything else they record."""

import datetime
import re
from html import unescape

import pytest
from wagtail.models import Locale

from portal.models import AdministrativeArea
from training.learning import enrol, record_attendance
from training.models import CompletionRule, CourseCompletion, TrainingSession

from .conftest import admin_in, build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def provincial(make_user):
    return admin_in(make_user("prov", groups=["Provincial staff"], area_code="05"), "en")


@pytest.fixture
def session(home):
    course = build_course(home, slug="f2f-attend", rule=CompletionRule.ATTENDANCE).course
    return TrainingSession.objects.create(
        course=course,
        date=datetime.date(2026, 10, 1),
        area=AdministrativeArea.objects.get(code="05"),
        trainer="Trainer",
    )


@pytest.fixture
def learners(make_user, session):
    """Two enrolled learners of the province, one of another province, one not enrolled."""
    people = {
        name: make_user(name, groups=["Learner"], area_code=code)
        for name, code in (("near", "05"), ("near2", "05"), ("far", "17"), ("absent", "05"))
    }
    for name in ("near", "near2", "far"):
        enrol(people[name], session.course)
    return people


def url(session):
    return f"/admin/training/sessions/{session.pk}/attendance/"


def test_the_screen_lists_the_enrolled_learners_of_the_province_with_checkboxes(
    client, provincial, session, learners
):
    client.force_login(provincial)
    response = client.get(url(session))
    assert response.status_code == 200
    field = response.context["form"]["participants"]
    offered = {int(choice.data["value"].value) for choice in field}
    assert offered == {learners["near"].pk, learners["near2"].pk}
    body = response.content.decode()
    assert 'type="checkbox"' in body and "Near Test" in body


def test_ticking_learners_records_their_attendance_and_completes_the_course(
    client, provincial, session, learners
):
    client.force_login(provincial)
    response = client.post(url(session), {"participants": [learners["near"].pk]})
    assert response.status_code == 302
    session.refresh_from_db()
    assert list(session.participants.all()) == [learners["near"]]
    completion = CourseCompletion.objects.get()
    assert completion.enrolment.user == learners["near"] and completion.via == "attendance"


def test_a_learner_outside_the_list_is_refused_and_nothing_is_written(
    client, provincial, session, learners
):
    client.force_login(provincial)
    response = client.post(url(session), {"participants": [learners["far"].pk]})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not session.participants.exists()
    assert not CourseCompletion.objects.exists()


def test_a_session_of_another_province_is_not_theirs_to_record(
    client, provincial, session, learners
):
    session.area = AdministrativeArea.objects.get(code="17")
    session.save()
    client.force_login(provincial)
    # Wagtail's admin turns the refusal into a redirect to the dashboard, with a message.
    assert client.get(url(session))["Location"] == "/admin/"
    response = client.post(url(session), {"participants": [learners["far"].pk]})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not session.participants.exists()


def test_learners_cannot_record_attendance(client, session, learners):
    client.force_login(learners["near"])
    assert client.get(url(session)).status_code in (302, 403)


def test_the_session_list_links_to_the_attendance_screen(client, provincial, session):
    client.force_login(provincial)
    body = client.get("/admin/snippets/training/trainingsession/").content.decode()
    assert url(session) in body


@pytest.mark.parametrize(
    "language,shown,hidden",
    [("en", "Course f2f-attend", "វគ្គ f2f-attend"), ("km", "វគ្គ f2f-attend", "Course f2f-attend")],
)
def test_the_session_admin_names_the_course_in_the_admin_language(
    client, home, provincial, session, language, shown, hidden
):
    client.force_login(admin_in(provincial, language))
    other = build_course(home, slug="khmer-only", with_quiz=False, lessons=1).course
    other.get_translation(Locale.objects.get(language_code="en")).delete()
    pages = {
        "list": "/admin/snippets/training/trainingsession/",
        "edit": f"/admin/snippets/training/trainingsession/edit/{session.pk}/",
        "attendance": url(session),
    }
    for name, page in pages.items():
        html = unescape(client.get(page).content.decode())
        assert shown in html, name
        assert hidden not in html, name
    # The course dropdown of the session form: each course in the admin's language when it has
    # a translation in it, else in Khmer; the choice is the Khmer page enrolments point to.
    html = client.get("/admin/snippets/training/trainingsession/add/").content.decode()
    select = re.search(r'<select name="course"[^>]*>(.*?)</select>', html, re.S).group(1)
    options = dict(re.findall(r'<option value="(\d+)"[^>]*>(.*?)</option>', select))
    assert options == {str(session.course.pk): shown, str(other.pk): "វគ្គ khmer-only"}


def test_a_session_recorded_in_the_english_admin_is_on_the_khmer_course(
    client, provincial, session
):
    client.force_login(provincial)
    response = client.post(
        f"/admin/snippets/training/trainingsession/edit/{session.pk}/",
        {
            "course": session.course.pk,
            "date": "2026-10-02",
            "area": session.area_id,
            "venue": "",
            "trainer": "Trainer",
            "places": 30,
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.date == datetime.date(2026, 10, 2)
    assert session.course.locale.language_code == "km"


def test_saving_a_session_records_no_attendance_by_itself(session, learners):
    session.participants.set([learners["absent"]])
    session.save()
    assert list(session.participants.all()) == [learners["absent"]]
    assert not learners["absent"].enrolments.exists()
    assert not CourseCompletion.objects.exists()
    record_attendance(session)
    completion = CourseCompletion.objects.get()
    assert completion.enrolment.user == learners["absent"]
    assert completion.enrolment.source == "assigned"


def session_form(session, participants):
    return {
        "course": session.course.pk,
        "date": "2026-10-01",
        "area": session.area_id,
        "venue": "",
        "trainer": "Trainer",
        "places": 30,
        "participants": [person.pk for person in participants],
    }


def test_the_session_admin_records_attendance_when_it_saves_a_session(
    client, provincial, session, learners
):
    """Creating and editing a session in the admin each record its attendance."""
    client.force_login(provincial)
    admin = "/admin/snippets/training/trainingsession/"
    response = client.post(admin + "add/", session_form(session, [learners["near"]]))
    assert response.status_code == 302
    created = TrainingSession.objects.exclude(pk=session.pk).get()
    assert created.recorded_by == provincial

    def done():
        return set(CourseCompletion.objects.values_list("enrolment__user__username", flat=True))

    assert done() == {"near"}

    response = client.post(
        admin + f"edit/{session.pk}/", session_form(session, [learners["near2"]])
    )
    assert response.status_code == 302
    assert done() == {"near", "near2"}
