"""What a contributor's files become: stored under names their checked content gives, limited
as Wagtail limits images, and out of reach until a reviewer publishes the page."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile, PngImagePlugin

from knowledge_base.forms import ATTACHMENT_TYPES, PHOTO_TYPES
from knowledge_base.models import LessonPage
from portal import roles

from .test_review import approve_url, photo_bytes, share

SCRIPT = "<script>alert(document.cookie)</script>"
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def people(make_user):
    return {
        "contributor": make_user("contributor", groups=[roles.CONTRIBUTOR]),
        "other": make_user("other-contributor", groups=[roles.CONTRIBUTOR]),
        "reviewer": make_user("reviewer", groups=[roles.REVIEWER]),
        "learner": make_user("learner", groups=[roles.LEARNER]),
    }


def png_with_script():
    """A valid PNG whose text chunk is a script: a browser told it is HTML runs it."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SCRIPT)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def shared_lesson(client, user, **files):
    client.force_login(user)
    response = share(client, **files)
    assert response.status_code == 302, response.content.decode()[:2000]
    return LessonPage.objects.get()


@pytest.mark.django_db
def test_a_png_sent_as_evil_html_is_stored_and_served_as_a_png_under_a_random_name(
    client, people, lesson_index, dev_media
):
    photo = SimpleUploadedFile("evil.html", png_with_script(), content_type="text/html")
    lesson = shared_lesson(client, people["contributor"], photo=photo)
    image = lesson.images[0].value["image"]
    assert re.fullmatch(r"original_images/[0-9a-f]{32}\.png", image.file.name), image.file.name
    rendition = image.get_rendition("fill-20x20").file.name  # named after the original
    assert re.fullmatch(r"images/[0-9a-f]{32}\.[0-9a-f]+\.fill-20x20\.png", rendition), rendition

    response = client.get(image.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_an_attachment_is_stored_with_the_extension_of_its_content_not_its_name(
    client, people, lesson_index
):
    attachment = SimpleUploadedFile("notes.html", PDF, content_type="text/html")
    lesson = shared_lesson(client, people["contributor"], photo="", attachment=attachment)
    document = lesson.attachments[0].value["document"]
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", document.file.name), document.file.name
    assert document.content_type == "application/pdf"
    assert document.title == "notes.html"  # what the contributor called it, shown as text


def test_every_kind_the_share_form_takes_has_a_stored_extension():
    from portal.uploads import EXTENSIONS

    assert set(PHOTO_TYPES) | set(ATTACHMENT_TYPES) <= set(EXTENSIONS)


def huge_png(width=12000, height=12000):
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")  # a few kilobytes of zeros
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_photo_past_wagtails_pixel_limit_is_refused_before_it_is_decoded(
    client, people, lesson_index, monkeypatch
):
    def no_decoding(self):
        raise AssertionError("the form decoded the image")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    client.force_login(people["contributor"])
    photo = SimpleUploadedFile("big.png", huge_png(), content_type="image/png")
    response = share(client, "en", photo=photo)
    assert response.status_code == 200
    assert (
        "This photo is 12000 × 12000 pixels; the largest allowed is 128 million pixels."
        in response.content.decode()
    )
    photo.seek(0)
    khmer = share(client, "km", photo=photo).content.decode()
    assert "12000 × 12000" in khmer and "លានភីកសែល" in khmer
    assert not LessonPage.objects.exists()


@pytest.mark.django_db
def test_a_photo_past_wagtails_upload_size_is_refused(client, people, lesson_index, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 200
    client.force_login(people["contributor"])
    photo = SimpleUploadedFile("board.jpg", photo_bytes(), content_type="image/jpeg")
    response = share(client, "en", photo=photo)
    assert response.status_code == 200
    assert "the largest allowed is 200\xa0bytes" in response.content.decode()
    assert not LessonPage.objects.exists()


@pytest.mark.django_db
def test_an_attachment_in_review_is_served_only_to_who_may_edit_the_page_until_published(
    client, people, lesson_index, make_user
):
    attachment = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    lesson = shared_lesson(client, people["contributor"], photo="", attachment=attachment)
    url = lesson.attachments[0].value["document"].url
    assert url.startswith("/documents/")

    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for name in ("other", "learner"):
        client.force_login(people[name])
        assert client.get(url).status_code == 404, name
    for name in ("contributor", "reviewer"):  # the owner; the reviewer whose task it is
        client.force_login(people[name])
        response = client.get(url)
        assert response.status_code == 200, name
        assert b"".join(response.streaming_content) == PDF

    client.force_login(people["reviewer"])
    client.post(approve_url(lesson).format("approve"), {"comment": ""})
    lesson.refresh_from_db()
    assert lesson.live
    client.logout()
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_document_added_in_a_draft_of_a_published_page_stays_private(
    client, people, lesson_index, make_user
):
    from wagtail.documents import get_document_model

    lesson = shared_lesson(client, people["contributor"], photo="")
    client.force_login(people["reviewer"])
    client.post(approve_url(lesson).format("approve"), {"comment": ""})
    lesson.refresh_from_db()
    assert lesson.live
    document = get_document_model().objects.create(
        title="draft", file=SimpleUploadedFile("draft.pdf", PDF)
    )
    lesson.attachments = [("document", {"document": document, "title": ""})]
    lesson.save_revision(user=make_user("editor", groups=[roles.EDITOR]))

    client.logout()
    assert client.get(document.url).status_code == 302
    lesson.get_latest_revision().publish()
    assert client.get(document.url).status_code == 200
