"""Staff publish face-to-face sessions in the Wagtail admin, within their province, cancel them
(registrants told by e-mail in their language), and tick registered learners on the attendance
screen, whose record counts toward completion."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from training.factories import TrainingSessionFactory
from training.learning import register
from training.models import CompletionRule, CourseCompletion, SessionRegistration, TrainingSession

from .conftest import admin_in, build_course

pytestmark = pytest.mark.django_db
ADMIN = "/admin/snippets/training/trainingsession/"


@pytest.fixture
def course(home):
    return build_course(home, slug="f2f", rule=CompletionRule.ATTENDANCE, with_quiz=False).course


@pytest.fixture
def staff(make_user):
    return {
        "ksp": admin_in(make_user("ksp", groups=["Provincial staff"], area_code="05"), "en"),
        "sr": admin_in(make_user("sr", groups=["Provincial staff"], area_code="17"), "en"),
        "national": admin_in(make_user("nat", groups=["National staff"], area_code="12"), "en"),
    }


def learner(make_user, name, code="05", language="km"):
    user = make_user(name, groups=["Learner"], area_code=code)
    user.profile.preferred_language = language
    user.profile.save()
    return user


def form(course, area, **extra):
    return {
        "course": course.pk,
        "date": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "start_time": "08:30",
        "end_time": "12:00",
        "area": area.pk,
        "venue": "Provincial hall",
        "trainer": "Trainer",
        "places": 25,
        "published": "on",
        **extra,
    }


def test_provincial_staff_publish_a_session_in_their_province_only(client, staff, course):
    from portal.models import AdministrativeArea

    ksp, sr = (AdministrativeArea.objects.get(code=c) for c in ("05", "17"))
    client.force_login(staff["ksp"])
    assert client.post(ADMIN + "add/", form(course, ksp)).status_code == 302
    session = TrainingSession.objects.get()
    assert (session.published, session.places, session.start_time) == (
        True,
        25,
        datetime.time(8, 30),
    )
    refused = client.post(ADMIN + "add/", form(course, sr, venue="Elsewhere"))
    assert refused.status_code == 200 and "area" in refused.context["form"].errors
    backwards = client.post(ADMIN + "add/", form(course, ksp, end_time="07:00"))
    assert "end_time" in backwards.context["form"].errors
    too_many = client.post(ADMIN + "add/", form(course, ksp, places=0))
    assert "places" in too_many.context["form"].errors
    assert TrainingSession.objects.count() == 1
    assert client.get("/en/training/calendar/").context["sessions"][0].pk == session.pk
    # Siem Reap's staff neither list nor open it; national staff do both.
    client.force_login(staff["sr"])
    assert session.pk not in [s.pk for s in client.get(ADMIN).context["object_list"]]
    assert client.get(f"{ADMIN}edit/{session.pk}/").status_code in (302, 403)
    client.force_login(staff["national"])
    assert client.get(f"{ADMIN}edit/{session.pk}/").status_code == 200


def test_staff_cancel_a_session_and_everyone_registered_is_told_in_their_language(
    client, staff, course, make_user, django_capture_on_commit_callbacks
):
    session = TrainingSessionFactory(course=course, area_code="05", places=1)
    khmer, english = learner(make_user, "khmer"), learner(make_user, "english", language="en")
    register(khmer, session)
    register(english, session, waiting_list=True)
    url = f"/admin/training/sessions/{session.pk}/cancel/"
    client.force_login(staff["sr"])  # another province's staff: refused, nothing changed
    assert client.post(url).status_code in (302, 403)
    session.refresh_from_db()
    assert not session.cancelled and not mail.outbox
    client.force_login(staff["ksp"])
    assert "2 people registered or waiting" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    session.refresh_from_db()
    assert session.cancelled
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {khmer.email, english.email}
    assert "is cancelled" in by_address[english.email].subject
    assert "/en/training/calendar/" in by_address[english.email].body
    assert "/km/training/calendar/" in by_address[khmer.email].body
    assert "Course" not in by_address[khmer.email].body  # the Khmer title, not the English
    # Again: nobody is told twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(mail.outbox) == 2
    assert "Cancelled" in client.get("/en/training/calendar/").content.decode()
    # The session's history says who cancelled it.
    history = client.get(f"{ADMIN}history/{session.pk}/").content.decode()
    assert "Session cancelled" in history


def test_registered_learners_are_on_the_attendance_screen_and_attending_completes(
    client, staff, course, make_user
):
    session = TrainingSessionFactory(
        course=course, area_code="05", places=1, date=timezone.localdate()
    )
    here = learner(make_user, "here")
    visitor = learner(make_user, "visitor", code="17")  # registered from another province
    waiting = learner(make_user, "waiting")
    register(visitor, session)
    register(waiting, session, waiting_list=True)
    client.force_login(staff["ksp"])
    url = f"/admin/training/sessions/{session.pk}/attendance/"
    page = client.get(url)
    field = page.context["form"]["participants"]
    offered = {int(c.data["value"].value): c.data["label"] for c in field}
    assert set(offered) == {visitor.pk}  # not the one waiting
    assert "Visitor Test (visitor) · registered" in page.content.decode()
    assert not here.enrolments.exists()
    assert client.post(url, {"participants": [visitor.pk]}).status_code == 302
    completion = CourseCompletion.objects.get()
    assert completion.enrolment.user == visitor and completion.via == "attendance"


def test_more_places_go_to_the_people_waiting_in_order_and_fewer_remove_nobody(
    client, staff, course, make_user, django_capture_on_commit_callbacks
):
    from portal.models import AdministrativeArea

    ksp = AdministrativeArea.objects.get(code="05")
    session = TrainingSessionFactory(course=course, area_code="05", places=1, published=True)
    people = [
        learner(make_user, n, language=lang)
        for n, lang in [("a", "km"), ("first", "en"), ("second", "km"), ("third", "en")]
    ]
    register(people[0], session)
    for user in people[1:]:
        register(user, session, waiting_list=True)

    def state():
        return [
            (r.user.username, r.status)
            for r in SessionRegistration.objects.filter(session=session).select_related("user")
        ]

    url = f"{ADMIN}edit/{session.pk}/"
    client.force_login(staff["ksp"])
    assert "fewer remove nobody" in client.get(url).content.decode()
    data = form(course, ksp, date=session.date.isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**data, "places": 3}).status_code == 302
    assert state() == [
        ("a", "place"),
        ("first", "place"),
        ("second", "place"),
        ("third", "waiting"),
    ]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {people[1].email, people[2].email}
    assert "A place is yours" in by_address[people[1].email].subject
    assert "/en/training/calendar/" in by_address[people[1].email].body
    assert "/km/training/calendar/" in by_address[people[2].email].body
    # Fewer places: everyone keeps theirs, nobody is told anything.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**data, "places": 1}).status_code == 302
    assert state() == [
        ("a", "place"),
        ("first", "place"),
        ("second", "place"),
        ("third", "waiting"),
    ]
    assert len(mail.outbox) == 2
    # A cancelled session promotes nobody, whatever its places.
    session.cancelled_at = timezone.now()
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**data, "places": 10}).status_code == 302
    assert state()[-1] == ("third", "waiting") and len(mail.outbox) == 2
