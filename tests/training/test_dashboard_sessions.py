"""The learner's dashboard shows the face-to-face sessions they registered for: those to come
(date in the language shown, place, the way to the session in the calendar, cancelling), those
held counted and folded, and the way to the calendar when there are none; in a number of
queries that does not grow with the registrations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from training.factories import TrainingSessionFactory
from training.learning import register
from training.models import SessionRegistration

from .conftest import build_course, session_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
KM, EN = "/km/training/", "/en/training/"


@pytest.fixture
def course(home):
    return build_course(home, slug="f2f", with_quiz=False, lessons=1)


@pytest.fixture
def learner(make_user, districts):
    return make_user("sokha", groups=["Learner"], area_code="05")


def session(course, days, **kwargs):
    kwargs.setdefault("area_code", "050101")  # a commune: the dashboard shows it down to there
    return session_in(course, days, **kwargs)


def held(course, user, days_ago):
    """A registration for a session held ``days_ago`` (registering is closed by then)."""
    past = session(course, -days_ago)
    return SessionRegistration.objects.create(
        session=past, user=user, status=SessionRegistration.Status.PLACE
    )


def test_sessions_to_come_are_listed_with_date_place_link_and_cancel(client, course, learner):
    date = datetime.date(TODAY().year + 1, 12, 10)
    mine = TrainingSessionFactory(
        course=course.course, area_code="050101", date=date, start_time=datetime.time(8, 30)
    )
    registration = register(learner, mine)
    session(course, 5)  # not registered: not on the dashboard
    client.force_login(learner)
    page = client.get(KM)
    assert [r.pk for r in page.context["upcoming_sessions"]] == [registration.pk]
    html = page.content.decode()
    assert "១០ ធ្នូ" in html and "០៨:៣០" in html  # Khmer digits, through the numerals filter
    assert "វគ្គ f2f" in html
    assert "ស្រុកបរសេដ្ឋ › ឃុំបរសេដ្ឋ" in html  # the place, down to its commune
    link = f"/km/training/calendar/?province=05&amp;course={course.course.pk}#session-{mine.pk}"
    assert f'href="{link}"' in html
    assert f'action="/km/training/registrations/{registration.pk}/cancel/"' in html
    english = client.get(EN).content.decode()
    assert (
        "10 December" in english
        and "Course f2f" in english
        and "Basedth district › Basedth commune" in english
    )
    assert f'href="/en/training/calendar/?province=05&amp;course={course.course.pk}' in english


def test_a_waiting_place_and_a_cancelled_session_say_so(client, course, learner, make_user):
    full = session(course, 3, places=1)
    register(make_user("first", groups=["Learner"]), full)
    register(make_user("second", groups=["Learner"]), full, waiting_list=True)
    register(learner, full, waiting_list=True)
    cancelled = session(course, 4)
    register(learner, cancelled)
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    client.force_login(learner)
    html = client.get(EN).content.decode()
    assert "On the waiting list: number 2" in html
    assert "Cancelled" in html
    # A cancelled session cannot be given up: no form for it, one for the other.
    assert html.count("Cancel my registration") == 1


def test_cancelling_from_the_dashboard_comes_back_to_it(client, course, learner):
    registration = register(learner, session(course, 3))
    client.force_login(learner)
    response = client.post(f"/en/training/registrations/{registration.pk}/cancel/", {"next": EN})
    assert response.status_code == 302
    assert response["Location"] == f"{EN}#session-{registration.session_id}"
    assert not SessionRegistration.objects.filter(pk=registration.pk).exists()
    page = client.get(EN)
    assert page.context["upcoming_sessions"] == []
    assert "Your registration is cancelled." in page.content.decode()


def test_sessions_held_are_counted_and_folded(client, course, learner):
    for days_ago in range(1, 13):
        held(course, learner, days_ago)
    client.force_login(learner)
    page = client.get(EN)
    assert page.context["held_count"] == 12
    assert len(page.context["held_sessions"]) == 10  # the latest ten, under the count
    html = page.content.decode()
    assert '<details data-testid="held-sessions">' in html and "12 sessions held" in html
    assert page.context["upcoming_sessions"] == []
    khmer = client.get(KM).content.decode()
    assert "១២" in khmer


def test_without_registrations_the_dashboard_leads_to_the_calendar(client, course, learner):
    client.force_login(learner)
    html = client.get(EN).content.decode()
    assert "You have not registered for a face-to-face session." in html
    assert 'href="/en/training/calendar/">See the sessions in the training calendar' in html
    assert 'data-testid="held-sessions"' not in html


def test_only_the_learners_own_registrations_are_shown(client, course, learner, make_user):
    other = make_user("dara", groups=["Learner"])
    register(other, session(course, 3))
    client.force_login(learner)
    assert client.get(EN).context["upcoming_sessions"] == []


def counted(client, url):
    # The contact details exist, as on a site in use (the first page shown creates them, and
    # with them a new page-cache generation); the first render compiles what later ones reuse.
    from portal.models import ContactSettings

    ContactSettings.load()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries]


@pytest.mark.parametrize("url", [KM, EN])
def test_the_dashboard_costs_the_same_queries_whatever_the_registrations(
    client, home, course, learner, make_user, url
):
    other = build_course(home, slug="other", with_quiz=False, lessons=1)
    register(learner, session(course, 3))
    held(course, learner, 2)
    client.force_login(learner)
    few = counted(client, url)
    # More sessions to come, in other places and courses, some waiting; more held.
    for n in range(6):
        upcoming = session(other if n % 2 else course, 4 + n, places=1)
        if n % 3 == 0:
            register(make_user(f"p{n}", groups=["Learner"]), upcoming)
            register(make_user(f"w{n}", groups=["Learner"]), upcoming, waiting_list=True)
            register(learner, upcoming, waiting_list=True)
        else:
            register(learner, upcoming)
    for days_ago in range(3, 15):
        held(other, learner, days_ago)
    many = counted(client, url)
    assert len(many) == len(few), "\n".join(many + ["--- with fewer:"] + few)
