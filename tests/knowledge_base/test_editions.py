"""Guidebook editions: publish, compare word by word, freeze a PDF, import as an edition."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import PageViewRestriction

from knowledge_base.editions import EditionRefused, compare, publish_edition, word_diff
from knowledge_base.factories import GuidebookSectionPageFactory
from knowledge_base.models import GuidebookEdition, GuidebookPage, GuidebookSectionPage
from knowledge_base.tasks import build_edition_pdf
from portal import roles
from tests.support.pdf_pages import page_text

OLD = "ការងារគណនេយ្យភាពសង្គមត្រូវបានធ្វើដោយអង្គការសង្គមស៊ីវិល"
NEW = "ការងារគណនេយ្យភាពសង្គមត្រូវបានអនុវត្តដោយរដ្ឋបាលឃុំ"


def set_paragraph(section, text):
    section.body = [
        ("heading", "ចំណងជើងរង"),
        ("paragraph", f"<p>{text}</p>"),
    ]
    section.save_revision().publish()


@pytest.fixture
def sections(guidebook):
    """{(chapter, section): Khmer section page}, 1-based as the table of contents numbers them."""
    return {
        (n, m): pair[0]
        for n, (_chapter, pairs) in enumerate(guidebook["chapters"], start=1)
        for m, pair in enumerate(pairs, start=1)
    }


@pytest.fixture
def two_editions(guidebook, sections):
    """Edition 1; then 1.1 reworded, 2.2 withdrawn, 2.3 written; edition 2."""
    book = guidebook["km"]
    set_paragraph(sections[1, 1], OLD)
    first = publish_edition(book, summary="លើកទី ១", published_on=datetime.date(2026, 6, 3))
    set_paragraph(sections[1, 1], NEW)
    sections[2, 2].unpublish()
    chapter_2 = guidebook["chapters"][1][0][0]
    GuidebookSectionPageFactory(parent=chapter_2, slug="new-section", title="ផ្នែកថ្មី")
    second = publish_edition(book, summary="លើកទី ២ ៖ ផ្នែកថ្មី")
    return first, second


def test_the_changes_list_added_removed_and_changed_sections_word_by_word(two_editions):
    first, second = two_editions
    assert (first.number, second.number) == (1, 2)
    changes = compare(second)
    assert changes.previous == first
    assert [c.after.title for c in changes.added] == ["ផ្នែកថ្មី"]
    assert [(c.before.number, c.before.title) for c in changes.removed] == [("2.2", "ផ្នែក 2.2")]
    assert [c.after.number for c in changes.changed] == ["1.1"]
    change = changes.changed[0]
    removed = [text for op, text in change.diff if op == "removed"]
    added = [text for op, text in change.diff if op == "added"]
    # Whole Khmer words, as ICU cuts them: not clusters, not the whole unspaced phrase.
    assert "ធ្វើ" in removed and "អនុវត្ត" in added
    assert any("រដ្ឋបាល" in text for text in added)
    assert not any("គណនេយ្យភាព" in text for text in removed + added)
    assert change.words_added >= 2 and change.words_removed >= 2
    # Nothing else differs: the sections not touched are not listed.
    assert len(changes.added) + len(changes.removed) + len(changes.changed) == 3


def test_a_reader_sees_the_change_page_and_which_edition_they_read(client, two_editions):
    first, second = two_editions
    book = second.guidebook
    page = client.get(f"/km/knowledge/guidebook/{book.pk}/editions/2/").content.decode()
    assert "<ins>អនុវត្ត</ins>" in page
    assert "<del>ធ្វើ</del>" in page
    assert "ផ្នែកថ្មី" in page and "ផ្នែក 2.2" in page
    assert "លើកទី ២ ៖ ផ្នែកថ្មី" in page
    assert "បោះពុម្ពលើកទី ២" in page  # Khmer digits on a Khmer page (portal.numerals)
    first_page = client.get(f"/km/knowledge/guidebook/{book.pk}/editions/1/")
    assert first_page.status_code == 200
    assert "<ins>" not in first_page.content.decode()

    cover = client.get("/km/guidebook/").content.decode()
    assert f"/km/knowledge/guidebook/{book.pk}/editions/2/" in cover
    assert f"/km/knowledge/guidebook/{book.pk}/editions/1/" in cover  # earlier editions
    section = client.get("/km/guidebook/chapter-1/section-1/").content.decode()
    assert f"/km/knowledge/guidebook/{book.pk}/editions/2/" in section
    assert "edition-since" not in section


def test_a_section_changed_after_the_edition_says_so(client, two_editions, sections):
    set_paragraph(sections[1, 2], "អត្ថបទថ្មីបន្ទាប់ពីការបោះពុម្ព")
    changed = client.get("/km/guidebook/chapter-1/section-2/").content.decode()
    assert "edition-since" in changed
    unchanged = client.get("/km/guidebook/chapter-1/section-1/").content.decode()
    assert "edition-since" not in unchanged


def test_a_number_already_used_is_refused_and_writes_nothing(two_editions):
    _first, second = two_editions
    with pytest.raises(EditionRefused):
        publish_edition(second.guidebook, number=2)
    with pytest.raises(EditionRefused):
        publish_edition(second.guidebook, number=1)
    assert GuidebookEdition.objects.filter(guidebook=second.guidebook).count() == 2


def test_the_word_diff_keeps_english_words_whole():
    diff = word_diff("The JAAP is agreed by citizens.", "The JAAP is signed by citizens.")
    assert ("removed", "agreed") in diff and ("added", "signed") in diff


@pytest.mark.django_db
def test_an_editions_pdf_is_frozen(guidebook, sections, client, django_capture_on_commit_callbacks):
    book = guidebook["km"]
    set_paragraph(sections[1, 1], OLD)
    with django_capture_on_commit_callbacks(execute=True):
        first = publish_edition(book)
    first.refresh_from_db()
    frozen = first.pdf.read()
    first.pdf.close()
    assert frozen.startswith(b"%PDF")
    # The PDF's text layer gives the Khmer back as it was written (portal/infrastructure/pdf.py).
    assert OLD in page_text(frozen).replace("\r\n", "")

    set_paragraph(sections[1, 1], NEW)
    with django_capture_on_commit_callbacks(execute=True):
        second = publish_edition(book)
    second.refresh_from_db()
    assert build_edition_pdf.apply(args=[first.pk]).get() == "unchanged"

    response = client.get(f"/km/knowledge/guidebook/{book.pk}/editions/1/pdf/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == frozen
    newer = second.pdf.read()
    second.pdf.close()
    assert NEW in page_text(newer).replace("\r\n", "")
    assert NEW not in page_text(frozen).replace("\r\n", "")


def test_no_pdf_link_while_it_is_being_made(client, two_editions):
    _first, second = two_editions
    assert not second.pdf
    url = f"/km/knowledge/guidebook/{second.guidebook.pk}/editions/2/pdf/"
    assert client.get(url).status_code == 404
    page = client.get(f"/km/knowledge/guidebook/{second.guidebook.pk}/editions/2/")
    assert url not in page.content.decode()


def test_editions_of_an_unpublished_or_private_guidebook_are_not_shown(client, two_editions):
    _first, second = two_editions
    book = second.guidebook
    url = f"/km/knowledge/guidebook/{book.pk}/editions/2/"
    PageViewRestriction.objects.create(page=book, restriction_type="login")
    assert client.get(url).status_code == 404
    PageViewRestriction.objects.all().delete()
    book.unpublish()
    assert client.get(url).status_code == 404
    assert client.get(f"/km/knowledge/guidebook/{book.pk}/editions/9/").status_code == 404


MARKDOWN = """# ជំពូកទីមួយ {{#first}}

## ផ្នែកទីមួយ {{#one}}

{one}

## ផ្នែកទីពីរ {{#two}}

អត្ថបទទីពីរ។
{extra}"""


def write(tmp_path, name, one, extra=""):
    path = tmp_path / name
    path.write_text(MARKDOWN.format(one=one, extra=extra), encoding="utf-8")
    return str(path)


def import_edition(path, number, *more):
    call_command(
        "import_guidebook",
        path,
        "--locale",
        "km",
        "--slug",
        "imported",
        "--edition",
        str(number),
        *more,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )


@pytest.mark.django_db
def test_import_guidebook_publishes_an_edition_and_a_bad_one_writes_nothing(home, tmp_path):
    import_edition(write(tmp_path, "v1.md", OLD), 1, "--summary", "ដំបូង", "--date", "2026-06-03")
    book = GuidebookPage.objects.get(slug="imported")
    first = book.editions.get()
    assert (first.number, first.summary, first.published_on) == (
        1,
        "ដំបូង",
        datetime.date(2026, 6, 3),
    )
    assert first.pages.count() == 3

    extra = "\n## ផ្នែកទីបី {#three}\n\nអត្ថបទទីបី។\n"
    import_edition(write(tmp_path, "v2.md", NEW, extra), 2, "--summary", "ទីពីរ")
    changes = compare(book.editions.get(number=2))
    assert [c.after.title for c in changes.added] == ["ផ្នែកទីបី"]
    assert [c.after.title for c in changes.changed] == ["ផ្នែកទីមួយ"]

    # Edition 2 again, from a file that changes the text: refused, the pages stay as they are.
    before = {p.pk: p.latest_revision_id for p in GuidebookSectionPage.objects.all()}
    with translation.override("en"), pytest.raises(CommandError, match="Nothing was imported"):
        import_edition(write(tmp_path, "v3.md", "អត្ថបទផ្សេង"), 2)
    with translation.override("en"), pytest.raises(CommandError, match="not a date"):
        import_edition(write(tmp_path, "v3.md", "អត្ថបទផ្សេង"), 3, "--date", "3 June")
    assert {p.pk: p.latest_revision_id for p in GuidebookSectionPage.objects.all()} == before
    assert book.editions.count() == 2
    assert GuidebookSectionPage.objects.filter(title="ផ្នែកទីបី", live=True).exists()


@pytest.mark.django_db
def test_editors_publish_an_edition_from_the_admin_and_others_cannot(client, guidebook, make_user):
    book = guidebook["km"]
    url = f"/admin/knowledge-base/guidebook/{book.pk}/editions/"
    contributor = make_user("contributor", groups=[roles.CONTRIBUTOR])
    client.force_login(contributor)
    assert client.get(url).status_code in (302, 403)
    assert client.post(
        url, {"number": 1, "published_on": "2026-06-03", "summary": "x"}
    ).status_code in (302, 403)
    assert not GuidebookEdition.objects.exists()

    editor = make_user("editor", groups=[roles.EDITOR])
    client.force_login(editor)
    edit_page = client.get(f"/admin/pages/{book.pk}/").content.decode()
    assert url in edit_page  # the "Editions" button on the guidebook
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="1"' in form.content.decode()
    response = client.post(url, {"number": 1, "published_on": "2026-06-03", "summary": "ដំបូង"})
    assert response.status_code == 302
    edition = GuidebookEdition.objects.get()
    assert (edition.number, edition.summary, edition.published_by) == (1, "ដំបូង", editor)
    again = client.post(url, {"number": 1, "published_on": "2026-06-03", "summary": "ដដែល"})
    assert again.status_code == 200  # the form again, with the reason
    assert GuidebookEdition.objects.count() == 1


def test_a_new_edition_and_its_pdf_show_at_once_on_cached_pages(guidebook, sections, client):
    """An edition is no page or snippet, yet the guidebook and its sections show it (the
    edition's number, its PDF, "changed since"): publishing one empties the page cache."""
    from portal.infrastructure import page_cache
    from portal.models import ContactSettings

    ContactSettings.load()  # the first page ever served creates it (a save: a new generation)
    book = guidebook["km"]
    section = sections[1, 1]
    for url in (book.url, section.url):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    before = page_cache.generation()
    edition = publish_edition(book, summary="លើកទី ១")
    assert page_cache.generation() != before
    page = client.get(book.url)
    assert page["X-Page-Cache"] == "miss"
    assert f"/editions/{edition.number}/" in page.content.decode()
    before = page_cache.generation()
    build_edition_pdf(edition.pk)
    assert page_cache.generation() != before
