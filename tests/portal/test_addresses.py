"""Readable addresses (issue 16 point 4): a Khmer title gives a slug in Latin letters, word by
word, never the consonant skeleton Django's slugify leaves; every page type does it, the admin
and the share form included."""

import pytest
from django.apps import apps
from django.core.validators import validate_slug
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import nested_form_data, streamfield

from portal.models import ReadableSlugMixin, StandardPage
from portal.slugs import readable_slug

PROJECT_APPS = {"portal", "knowledge_base", "training", "search", "accounts"}


@pytest.mark.parametrize(
    "title, slug",
    [
        ("សេចក្តីផ្តើម", "sechktei-phtaeum"),
        ("ការបិទផ្សាយថវិកាឃុំ", "kar-betphsay-thveka-khoam"),
        ("CAF ការប្រជុំ", "caf-karbrchoam"),
        ("Introduction to ISAF", "introduction-to-isaf"),
        ("ជំពូកទី ១", "champouk-tei-1"),
        ("!!!", ""),
    ],
)
def test_a_title_gives_a_readable_ascii_slug(title, slug):
    assert readable_slug(title) == slug
    if slug:
        validate_slug(slug)  # ASCII: passes Wagtail's and Django's slug validators


def test_two_spellings_of_one_khmer_title_give_one_slug():
    # ស្ត្រី typed with its subscripts in the other order: the same word, the same address.
    assert readable_slug("សិទ្ធិស្ត្រី") == readable_slug("សិទ្ធិស្រ្តី")


def test_a_long_title_is_cut_at_a_word():
    slug = readable_slug("ការចូលរួមរបស់ពលរដ្ឋ " * 10, max_length=40)
    assert len(slug) <= 40 and not slug.endswith("-")
    assert readable_slug("ការចូលរួមរបស់ពលរដ្ឋ " * 10).startswith(slug)


def test_every_page_type_of_the_portal_makes_readable_slugs():
    ours = [m for m in get_page_models() if m._meta.app_label in PROJECT_APPS]
    assert len(ours) >= 13
    missing = [m.__name__ for m in ours if not issubclass(m, ReadableSlugMixin)]
    assert missing == []


@pytest.mark.django_db
def test_a_page_saved_without_a_slug_gets_its_title_in_latin_letters(home):
    km, _en = home
    page = km.add_child(instance=StandardPage(title="សេចក្តីផ្តើម"))
    assert page.slug == "sechktei-phtaeum"
    second = km.add_child(instance=StandardPage(title="សេចក្តីផ្តើម"))
    assert second.slug == "sechktei-phtaeum-2"


@pytest.mark.django_db
def test_the_page_editor_fills_an_empty_slug_from_a_khmer_title(home, admin_client):
    km, _en = home
    url = f"/admin/pages/add/portal/standardpage/{km.pk}/"
    data = nested_form_data({"title": "ការបិទផ្សាយថវិកាឃុំ", "slug": "", "body": streamfield([])})
    data["action-publish"] = "publish"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = Page.objects.get(title="ការបិទផ្សាយថវិកាឃុំ")
    assert page.slug == "kar-betphsay-thveka-khoam"
    assert page.url == "/km/kar-betphsay-thveka-khoam/"


@pytest.mark.django_db
def test_changing_a_slug_in_the_editor_redirects_the_old_address(
    home, client, django_capture_on_commit_callbacks
):
    km, _en = home
    page = km.add_child(instance=StandardPage(title="សេចក្តីផ្តើម"))
    page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail redirects after commit
        page.slug = "introduction"
        page.save_revision().publish()
    response = client.get("/km/sechktei-phtaeum/")
    assert response.status_code == 301
    assert response["Location"].endswith("/km/introduction/")
    assert apps.is_installed("wagtail.contrib.redirects")
