"""The training calendar: published face-to-face sessions by province and course, registration
with a place limit and a waiting list, cancellation (by the learner, by staff), and refusals
of tampered posts that change nothing."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from training.factories import TrainingSessionFactory
from training.learning import SessionFull, register
from training.models import CompletionRule, SessionRegistration

from .conftest import build_course

pytestmark = pytest.mark.django_db
PLACE, WAITING = SessionRegistration.Status.PLACE, SessionRegistration.Status.WAITING
TODAY = timezone.localdate
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite takes one writer at a time: there is no race to lose",
)


@pytest.fixture
def course(home):
    return build_course(home, slug="f2f", rule=CompletionRule.ATTENDANCE, with_quiz=False)


@pytest.fixture
def session(course):
    return TrainingSessionFactory(
        course=course.course, area_code="05", places=2, date=TODAY() + datetime.timedelta(days=3)
    )


@pytest.fixture
def people(make_user):
    def person(name, language="km", code="05"):
        user = make_user(name, groups=["Learner"], area_code=code)
        user.profile.preferred_language = language
        user.profile.save()
        return user

    return person


def post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {})


# In English: the tests read the refusals' words.
def register_url(session):
    return f"/en/training/sessions/{session.pk}/register/"


def cancel_url(registration):
    return f"/en/training/registrations/{registration.pk}/cancel/"


def state(session):
    return sorted(session.registrations.values_list("user__username", "status"))


# --- the page -------------------------------------------------------------------------------


def test_the_calendar_lists_published_sessions_to_come_in_khmer_numerals(client, course):
    date = datetime.date(TODAY().year + 1, 12, 10)
    shown = TrainingSessionFactory(
        course=course.course, area_code="05", date=date, start_time=datetime.time(8, 30)
    )
    TrainingSessionFactory(course=course.course, area_code="05", published=False, trainer="Hid")
    TrainingSessionFactory(
        course=course.course, area_code="05", date=TODAY() - datetime.timedelta(days=1)
    )
    page = client.get("/km/training/calendar/")
    assert page.status_code == 200
    assert [s.pk for s in page.context["sessions"]] == [shown.pk]
    html = page.content.decode()
    assert "១០ ធ្នូ" in html and "០៨:៣០" in html and "វគ្គ f2f" in html
    assert "២០ កន្លែង" in html or "២០" in html  # places left, in Khmer digits
    english = client.get("/en/training/calendar/").content.decode()
    assert "10 December" in english and "Course f2f" in english and "20 places left" in english


def test_the_calendar_filters_by_province_and_course_and_links_the_feed(client, home, course):
    other = build_course(home, slug="other", with_quiz=False).course
    ksp = TrainingSessionFactory(course=course.course, area_code="05")
    sr = TrainingSessionFactory(course=course.course, area_code="17")
    other_ksp = TrainingSessionFactory(course=other, area_code="05")
    pks = lambda page: {s.pk for s in page.context["sessions"]}  # noqa: E731
    assert pks(client.get("/en/training/calendar/")) == {ksp.pk, sr.pk, other_ksp.pk}
    by_province = client.get("/en/training/calendar/?province=05")
    assert pks(by_province) == {ksp.pk, other_ksp.pk}
    assert 'href="/en/training/calendar/05.ics"' in by_province.content.decode()
    both = client.get(f"/en/training/calendar/?province=05&course={course.course.pk}")
    assert pks(both) == {ksp.pk}
    # Courses are chosen by their default-language page: another page's id names no option.
    assert (
        client.get(f"/en/training/calendar/?course={course.course_en.pk}").context["course"] is None
    )
    none = client.get(f"/en/training/calendar/?province=17&course={other.pk}")
    assert "No session matches these filters." in none.content.decode()
    # A value that names nothing is ignored, not an error.
    assert client.get("/en/training/calendar/?province=zz&course=abc").status_code == 200


def test_the_calendar_says_when_nothing_is_planned_and_pages_its_sessions(client, course):
    assert "No session is planned yet" in client.get("/en/training/calendar/").content.decode()
    for n in range(23):
        TrainingSessionFactory(
            course=course.course, area_code="05", date=TODAY() + datetime.timedelta(days=n)
        )
    first = client.get("/en/training/calendar/")
    assert len(first.context["sessions"]) == 20 and "Page 1 of 2" in first.content.decode()
    second = client.get("/en/training/calendar/?page=2")
    assert len(second.context["sessions"]) == 3


# --- registering ----------------------------------------------------------------------------


def test_learners_take_the_places_then_join_the_waiting_list(client, session, people):
    a, b, c = people("a"), people("b"), people("c")
    assert post(client, a, register_url(session)).status_code == 302
    assert post(client, b, register_url(session)).status_code == 302
    page = client.get("/en/training/calendar/").content.decode()
    assert "Full: 0 on the waiting list" in page
    # The page offers c the waiting list; a place asked for is refused, nothing written.
    client.force_login(c)
    offered = client.get("/en/training/calendar/").content.decode()
    assert 'name="waiting_list" value="yes"' in offered
    full = post(client, c, register_url(session))
    assert full.status_code == 409 and "full" in full.content.decode()
    assert state(session) == [("a", PLACE), ("b", PLACE)]
    assert post(client, c, register_url(session), {"waiting_list": "yes"}).status_code == 302
    assert state(session) == [("a", PLACE), ("b", PLACE), ("c", WAITING)]
    mine = client.get("/en/training/calendar/").content.decode()
    assert "On the waiting list: number 1" in mine


def test_cancelling_a_place_gives_it_to_the_first_waiting_told_in_their_language(
    client, session, people, django_capture_on_commit_callbacks
):
    a, b = people("a"), people("b")
    first, second = people("first", "en"), people("second")
    for user in (a, b):
        register(user, session)
    for user in (first, second):
        register(user, session, waiting_list=True)
    mine = SessionRegistration.objects.get(user=a)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, a, cancel_url(mine)).status_code == 302
    assert state(session) == [("b", PLACE), ("first", PLACE), ("second", WAITING)]
    (message,) = mail.outbox
    assert message.to == [first.email] and "A place is yours" in message.subject
    assert "/en/training/calendar/" in message.body


def test_tampered_posts_are_refused_and_change_nothing(client, session, people, course):
    a, b = people("a"), people("b")
    register(a, session)
    theirs = SessionRegistration.objects.get(user=a)
    before = state(session)
    twice = post(client, a, register_url(session))
    assert twice.status_code == 409 and "already" in twice.content.decode()
    others = post(client, b, cancel_url(theirs))
    assert others.status_code == 403 and "not one of your registrations" in others.content.decode()
    forged = post(client, b, register_url(session), {"user": a.pk})
    assert forged.status_code == 400
    hidden = TrainingSessionFactory(course=course.course, area_code="05", published=False)
    assert post(client, b, register_url(hidden)).status_code == 404
    held = TrainingSessionFactory(
        course=course.course, area_code="05", date=TODAY() - datetime.timedelta(days=1)
    )
    assert post(client, b, register_url(held)).status_code == 409
    session.cancelled_at = timezone.now()
    session.save()
    cancelled = post(client, b, register_url(session))
    assert cancelled.status_code == 409 and "cancelled" in cancelled.content.decode()
    gone = post(client, a, cancel_url(theirs))
    assert gone.status_code == 409
    assert state(session) == before
    assert SessionRegistration.objects.filter(session__in=[hidden, held]).count() == 0


def test_registering_and_cancelling_take_a_post_from_someone_logged_in(client, session):
    assert client.get(register_url(session)).status_code == 302  # to log in
    assert client.post(register_url(session)).status_code == 302
    assert not session.registrations.exists()


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_learners_racing_for_the_last_place_get_one_place_between_them(home, course, people):
    """On PostgreSQL the session's row is locked while places are counted; learners posting
    at once for the last place are decided one after the other."""
    session = TrainingSessionFactory(course=course.course, area_code="05", places=1)
    racers = [people(f"racer{n}") for n in range(6)]
    barrier = threading.Barrier(len(racers))
    outcomes = []

    def race(user):
        try:
            barrier.wait()
            outcomes.append(register(user, session, waiting_list=True).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(u,)) for u in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [PLACE] + [WAITING] * 5
    assert session.registrations.filter(status=PLACE).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_double_post_at_once_makes_one_registration(home, course, people):
    session = TrainingSessionFactory(course=course.course, area_code="05", places=5)
    user = people("twice")
    barrier = threading.Barrier(4)
    refused = []

    def race():
        try:
            barrier.wait()
            register(user, session)
        except Exception as error:  # noqa: BLE001 - the refusal's kind is asserted below
            refused.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert refused == ["AlreadyRegistered"] * 3
    assert session.registrations.count() == 1


def test_a_full_session_refuses_the_service_without_the_waiting_list(session, people):
    register(people("a"), session)
    register(people("b"), session)
    with pytest.raises(SessionFull):
        register(people("c"), session)
    assert session.registrations.count() == 2


def test_an_all_day_session_comes_first_on_its_day_on_every_database(client, course):
    day = TODAY() + datetime.timedelta(days=4)
    timed = TrainingSessionFactory(
        course=course.course, area_code="05", date=day, start_time=datetime.time(8, 0)
    )
    all_day = TrainingSessionFactory(
        course=course.course, area_code="05", date=day, start_time=None
    )
    page = client.get("/en/training/calendar/")
    assert [s.pk for s in page.context["sessions"]] == [all_day.pk, timed.pk]
