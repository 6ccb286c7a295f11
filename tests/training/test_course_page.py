"""What a course page shows about the course: its audience, strategies and prerequisites."""

import pytest
from wagtail.models import Locale

from portal.models import ActorType, Strategy

from .conftest import build_course

pytestmark = pytest.mark.django_db


def tag_khmer_course(course, prerequisite):
    """Tag the Khmer course only, with Khmer vocabulary rows, as an editor (or the demo) does."""
    km = Locale.objects.get(language_code="km")
    page = course.course
    page.strategies.set(Strategy.objects.filter(number=2, locale=km))
    page.actor_types.set(ActorType.objects.filter(code="caf", locale=km))
    page.prerequisites.set([prerequisite.course])
    page.save_revision().publish()


def in_language(model, lang, **lookup):
    return model.objects.get(locale__language_code=lang, **lookup)


def test_english_course_page_shows_the_khmer_courses_facts_in_english(client, home):
    first = build_course(home, slug="first")
    course = build_course(home, slug="second")
    tag_khmer_course(course, first)
    assert not course.course_en.strategies.exists()  # the translation's own fields are empty

    html = client.get(course.course_en.url).content.decode()

    assert str(in_language(Strategy, "en", number=2)) in html
    assert str(in_language(Strategy, "km", number=2)) not in html
    assert in_language(ActorType, "en", code="caf").name in html
    assert in_language(ActorType, "km", code="caf").name not in html
    assert f'href="{first.course_en.url}"' in html
    assert first.course_en.title in html


def test_khmer_course_page_shows_its_facts_in_khmer(client, home):
    first = build_course(home, slug="first")
    course = build_course(home, slug="second")
    tag_khmer_course(course, first)

    html = client.get(course.course.url).content.decode()

    assert str(in_language(Strategy, "km", number=2)) in html
    assert in_language(ActorType, "km", code="caf").name in html
    assert in_language(ActorType, "en", code="caf").name not in html
    assert f'href="{first.course.url}"' in html


def test_facts_tagged_with_english_rows_are_shown_in_the_pages_language(client, home):
    course = build_course(home)
    page = course.course
    page.actor_types.set(ActorType.objects.filter(code="caf", locale__language_code="en"))
    page.save_revision().publish()

    html = client.get(course.course.url).content.decode()

    assert in_language(ActorType, "km", code="caf").name in html
