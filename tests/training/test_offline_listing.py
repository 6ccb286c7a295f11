"""What a course needs offline (GET /api/training/courses/{id}/offline): every address the
learner's pages load, with sizes, and a version that changes when the course does."""

import pytest

from training.learning import enrol

from .conftest import build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def offline(home, learner, client):
    c = build_course(home, slug="offline", lessons=2)
    enrol(learner, c.course)
    client.force_login(learner)
    return c


def listing(client, course):
    return client.get(f"/api/training/courses/{course.pk}/offline")


def test_the_listing_names_the_pages_their_files_and_the_font_with_sizes(client, offline):
    c = offline
    response = listing(client, c.course)
    assert response.status_code == 200
    body = response.json()
    urls = {f["url"]: f["bytes"] for f in body["files"]}
    assert body["url"] == c.course.url
    for page in (c.course, *c.lessons):
        assert urls[page.url] > 1000, page.url  # the rendered page, as the learner gets it
    assert any(u.endswith(".woff2") for u in urls)
    assert any(u.endswith("portal.css") and size > 1000 for u, size in urls.items())
    assert any(u.endswith("training/offline.js") for u in urls)
    assert "/km/training/" in urls  # the dashboard, to open offline
    assert body["bytes"] == sum(urls.values())
    assert not any(u.startswith(("http", "/api/", "/admin/")) for u in urls)


def test_the_listing_of_the_english_course_lists_english_pages(client, offline):
    c = offline
    body = listing(client, c.course_en).json()
    assert body["url"].startswith("/en/")
    assert all(not f["url"].startswith("/km/") for f in body["files"])


def test_the_version_changes_when_a_lesson_is_published_again(client, offline):
    c = offline
    before = listing(client, c.course).json()["version"]
    assert listing(client, c.course).json()["version"] == before
    c.lessons[0].title = "មេរៀនថ្មី"
    c.lessons[0].save_revision().publish()
    assert listing(client, c.course).json()["version"] != before


def test_the_version_changes_when_the_quiz_changes(client, offline):
    c = offline
    before = listing(client, c.course).json()["version"]
    c.quiz.pass_mark = 50
    c.quiz.save()
    assert listing(client, c.course).json()["version"] != before


def test_only_an_enrolled_learner_gets_the_listing(client, home, offline, make_user):
    other = build_course(home, slug="not-mine", lessons=1)
    assert listing(client, other.course).status_code == 403
    client.logout()
    assert listing(client, offline.course).status_code == 401


def test_a_downloaded_courses_pages_carry_what_the_offline_client_needs(client, offline):
    c = offline
    course_page = client.get(c.course.url).content.decode()
    assert f'data-offline-course="{c.course.pk}"' in course_page
    lesson = client.get(c.lessons[0].url).content.decode()
    assert f'data-next="{c.lessons[1].url}"' in lesson
    assert f'data-course="{c.course.pk}"' in lesson
    last = client.get(c.lessons[1].url).content.decode()
    assert f'data-next="{c.course.url}"' in last
    assert f'data-offline-quiz="{c.quiz.pk}"' in last
    assert 'id="offline"' in last and "training/offline.js" in last
    assert 'rel="manifest"' in last


def test_a_logged_out_page_can_ask_for_a_log_in_to_send_what_waits(client, offline):
    client.logout()
    page = client.get(offline.course.url).content.decode()
    assert 'id="offline"' in page and 'data-user=""' in page
    assert "training/offline.js" in page
    assert "data-offline-course" not in page  # downloading is for enrolled learners


def test_a_lessons_image_is_listed_as_the_rendition_the_page_shows(client, offline):
    """A phone offline shows a lesson's photo only if the download stored the very file the
    page asks for: the rendition, with its size, not the original upload."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    c = offline
    image = get_image_model().objects.create(
        title="Commune meeting", file=get_test_image_file(filename="offline-photo.png")
    )
    lesson = c.lessons[0]
    lesson.body = [
        *[(block.block_type, block.value) for block in lesson.body],
        ("image", {"image": image, "caption": "ការប្រជុំឃុំ"}),
    ]
    lesson.save_revision().publish()
    html = client.get(lesson.url).content.decode()
    rendition = image.get_rendition("width-960")
    assert rendition.url in html
    files = {f["url"]: f["bytes"] for f in listing(client, c.course).json()["files"]}
    assert files[rendition.url] == rendition.file.size > 0
    assert image.file.url not in files


def test_images_on_the_media_host_of_their_own_are_listed_whole(client, offline, settings):
    """Production serves uploads from another origin (DJANGO_MEDIA_URL): their full URLs are
    listed, with their sizes, for offline.js to fetch with CORS; other hosts never are."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_URL = "https://media.isaf.example.org/"
    c = offline
    image = get_image_model().objects.create(
        title="Commune meeting", file=get_test_image_file(filename="offline-host.png")
    )
    lesson = c.lessons[0]
    lesson.body = [("image", {"image": image, "caption": ""})]
    lesson.save_revision().publish()
    rendition = image.get_rendition("width-960")
    assert rendition.url.startswith("https://media.isaf.example.org/")
    files = {f["url"]: f["bytes"] for f in listing(client, c.course).json()["files"]}
    assert files[rendition.url] == rendition.file.size > 0
    assert not any(u.startswith("http") and "media.isaf" not in u for u in files)
