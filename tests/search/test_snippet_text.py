"""The text snippets are cut from is stored when a page is indexed (search.models.SnippetText):
written on index, rewritten on edit, removed on delete, rebuilt by update_index, and a search
shows its snippets from it, marked as the page's own text would be."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from portal.infrastructure.page_cache import invalidate
from portal.models import StandardPage
from search import text
from search.models import SnippetText
from search.snippets import highlight
from search.tasks import index_object, remove_from_index

SA = "ការងារគណនេយ្យភាពសង្គមត្រូវបានធ្វើនៅថ្នាក់ឃុំ   សង្កាត់ និង CAFs"


def stored(page):
    row = SnippetText.objects.filter(
        content_type=ContentType.objects.get_for_model(StandardPage), object_id=str(page.pk)
    ).first()
    return row.text if row else None


def api(client, query, locale="km"):
    invalidate()  # a new page-cache generation: the outcome is not taken from the cache
    response = client.get("/api/search/", {"q": query, "locale": locale})
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_indexing_a_page_stores_its_text_normalised_and_segmented(make_page):
    page, _ = make_page("sa", "ការងារសង្គម", SA)
    marked = stored(page)
    # The searchable text but the title, spaces collapsed, a zero-width space at each place ICU
    # cuts a Khmer run, and nowhere else.
    assert marked == text.mark_words(" ".join(text.normalise(SA).split()))
    assert "ការងារ\u200bគណនេយ្យ\u200bភាព\u200bសង្គម" in marked
    assert "ឃុំ សង្កាត់ និង CAFs" in marked.replace("\u200b", "")
    source, breaks = text.unmark_words(marked)
    assert source == " ".join(text.normalise(SA).split())
    assert text.word_spans(source, breaks) == text.word_spans(source)


@pytest.mark.django_db
def test_an_edit_rewrites_the_stored_text_and_a_delete_removes_it(make_page):
    page, _ = make_page("sa", "ការងារសង្គម", SA)
    page.intro = "ការវាយតម្លៃ"
    page.save_revision().publish()
    index_object(page)  # what the worker does once the publish has committed
    assert stored(page) == text.mark_words("ការវាយតម្លៃ")

    Page.objects.get(pk=page.pk).delete()
    remove_from_index.run("portal", "standardpage", str(page.pk))
    assert stored(page) is None


@pytest.mark.django_db
def test_update_index_rebuilds_the_stored_texts_and_drops_those_of_gone_pages(make_page):
    page, _ = make_page("sa", "ការងារសង្គម", SA)
    expected = stored(page)
    SnippetText.objects.all().delete()
    gone = SnippetText.objects.create(
        content_type=ContentType.objects.get_for_model(StandardPage),
        object_id="987654",
        text="ghost",
    )
    call_command("update_index", verbosity=0)
    assert stored(page) == expected
    assert not SnippetText.objects.filter(pk=gone.pk).exists()


@pytest.mark.django_db
def test_search_check_reports_stored_text_out_of_date_and_fixes_it(make_page, capsys):
    for page in Page.objects.live().specific():
        index_object(page)
    page, _ = make_page("sa", "ការងារសង្គម", SA)
    call_command("search_check")
    SnippetText.objects.filter(object_id=str(page.pk)).update(text="ចាស់")
    with pytest.raises(CommandError):
        call_command("search_check")
    assert f"stale: page {page.pk}" in capsys.readouterr().out
    call_command("search_check", "--fix")
    assert stored(page) == text.mark_words(" ".join(text.normalise(SA).split()))


@pytest.mark.django_db
def test_results_cut_their_snippets_from_the_stored_text(client, make_page):
    page, _ = make_page("sa", "ការងារសង្គម", SA)
    snippet = api(client, "គណនេយ្យភាព")["results"][0]["snippet"]
    assert "<mark>គណនេយ្យភាព</mark>" in snippet
    assert "\u200b" not in snippet

    # The page itself is not read again for its snippet: what was stored is shown.
    SnippetText.objects.filter(object_id=str(page.pk)).update(
        text=text.mark_words("ឯកសារចាស់ គណនេយ្យភាព")
    )
    assert api(client, "គណនេយ្យភាព")["results"][0]["snippet"] == ("ឯកសារចាស់ <mark>គណនេយ្យភាព</mark>")


@pytest.mark.django_db
def test_a_page_without_stored_text_still_gets_its_snippet(client, make_page):
    make_page("sa", "ការងារសង្គម", SA)
    with_stored = api(client, "គណនេយ្យភាព")["results"][0]["snippet"]
    SnippetText.objects.all().delete()  # indexed before the text was stored
    assert api(client, "គណនេយ្យភាព")["results"][0]["snippet"] == with_stored


SOURCES = [
    text.normalise(
        "ទិដ្ឋភាពទូទៅនៃការងារគណនេយ្យភាពសង្គម និងការវាយតម្លៃរបស់ CAF ។ CAFETERIA <script>alert(1)</script>"
    ),
    text.normalise(
        "ការងារគណនេយ្យភាពសង្គមត្រូវបានធ្វើនៅថ្នាក់ឃុំសង្កាត់ស្ថាប័នូបនីយកម្មការវាយតម្លៃ" * 6
        + "ការផ្សព្វផ្សាយព័ត៌មានថវិកា"
        + "ស្ថាប័នូបនីយកម្មគណនេយ្យភាពសង្គមនិងការចូលរួមរបស់ពលរដ្ឋ" * 6
    ),
    text.normalise("សមត្ថភាពរបស់ CAF និងគណនេយ្យភាពសង្គម សកម្មភាព  ក្ក កា ក   ការងារ ការវាយតម្លៃ"),
    "Communes publish their budgets. " * 10 + "The CAF reads them aloud. " * 10,
]
QUERIES = ["គណនេយ្យភាព", "គណនេយ្យភាព សង្គម", "ភាព គណនេយ្យភាព", "វាយតម្លៃ", "ការ", "ក", "CAFs",
           "ព័ត៌មាន", "script", "caf", "zzz"]  # fmt: skip


@pytest.mark.parametrize("source", SOURCES)
def test_the_stored_text_is_highlighted_as_the_page_text_was(source):
    marked = text.mark_words(" ".join(source.split()))
    stored_source, breaks = text.unmark_words(marked)
    for query in QUERIES:
        for window in (0, 5, 20, 90):
            assert highlight(stored_source, query, window=window, breaks=breaks) == highlight(
                source, query, window=window
            ), (query, window)
