"""Each province's sessions as an iCalendar feed (RFC 5545), linked from the calendar page: it
parses, holds that province's published sessions only, marks cancelled ones, and folds long
Khmer lines as the RFC asks."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from training.factories import TrainingSessionFactory
from training.models import CompletionRule

from .conftest import build_course

pytestmark = pytest.mark.django_db


def test_a_provinces_feed_parses_and_holds_its_sessions(client, home):
    course = build_course(home, slug="f2f", rule=CompletionRule.ATTENDANCE, with_quiz=False)
    day = timezone.localdate() + datetime.timedelta(days=5)
    timed = TrainingSessionFactory(
        course=course.course,
        area_code="05",
        date=day,
        start_time=datetime.time(8, 0),
        end_time=datetime.time(11, 30),
        venue="សាលប្រជុំសាលាខេត្តកំពង់ស្ពឺ, ផ្លូវជាតិលេខ៤, ក្រុងច្បារមន, ខេត្តកំពង់ស្ពឺ; ជាន់ទី២",
    )
    all_day = TrainingSessionFactory(course=course.course, area_code="05", start_time=None)
    cancelled = TrainingSessionFactory(
        course=course.course, area_code="05", cancelled_at=timezone.now()
    )
    TrainingSessionFactory(course=course.course, area_code="17")  # Siem Reap's
    TrainingSessionFactory(course=course.course, area_code="05", published=False)
    response = client.get("/km/training/calendar/05.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded (RFC 5545 3.1)
    feed = icalendar.Calendar.from_ical(raw)
    assert feed["VERSION"] == "2.0" and "PRODID" in feed
    events = {e["UID"]: e for e in feed.walk("VEVENT")}
    assert len(events) == 3
    event = next(e for uid, e in events.items() if f"-{timed.pk}@" in uid)
    # 08:00 in Phnom Penh (UTC+7) is 01:00 UTC.
    assert event.decoded("DTSTART") == datetime.datetime(
        day.year, day.month, day.day, 1, 0, tzinfo=datetime.UTC
    )
    assert event.decoded("DTEND").hour == 4 and event.decoded("DTEND").minute == 30
    assert str(event["SUMMARY"]) == "វគ្គ f2f"
    assert str(event["LOCATION"]).startswith(timed.venue)  # commas and semicolons kept
    assert str(event["STATUS"]) == "CONFIRMED"
    whole = next(e for uid, e in events.items() if f"-{all_day.pk}@" in uid)
    assert whole.decoded("DTSTART") == all_day.date
    assert whole.decoded("DTEND") == all_day.date + datetime.timedelta(days=1)
    gone = next(e for uid, e in events.items() if f"-{cancelled.pk}@" in uid)
    assert str(gone["STATUS"]) == "CANCELLED"
    english = icalendar.Calendar.from_ical(client.get("/en/training/calendar/05.ics").content)
    assert {str(e["SUMMARY"]) for e in english.walk("VEVENT")} == {"Course f2f"}


def test_a_feed_for_no_province_is_not_found(client):
    assert client.get("/km/training/calendar/99.ics").status_code == 404
    assert client.get("/km/training/calendar/0501.ics").status_code == 404  # a district
