from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.models import Page

from knowledge_base.models import GuidebookChapterPage, GuidebookPage, GuidebookSectionPage

FIXTURES = Path(__file__).parent / "fixtures"
MARKDOWN = FIXTURES / "guidebook_km.md"


def import_file(path, *args):
    with translation.override("en"):
        call_command("import_guidebook", str(path), "--locale", *args)


def make_docx(path, *, extra_section=False):
    document = docx.Document()
    document.add_paragraph("A guidebook for commune councils.")
    document.add_heading("Planning", level=1)
    document.add_paragraph("How to plan SA work.")
    document.add_heading("Action plans", level=2)
    paragraph = document.add_paragraph("Agree the ")
    paragraph.add_run("JAAP").bold = True
    paragraph.add_run(" with citizens.")
    document.add_paragraph("Hold the meeting", style="List Bullet")
    document.add_paragraph("Write the plan", style="List Bullet")
    document.add_paragraph("First step", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Who", "What"
    table.cell(1, 0).text, table.cell(1, 1).text = "CAF", "Facilitate"
    document.add_heading("Budgets", level=2)
    document.add_paragraph("Allocate the budget.")
    if extra_section:
        document.add_heading("Reporting", level=2)
        document.add_paragraph("Report every quarter.")
    document.save(path)
    return path


@pytest.mark.django_db
def test_markdown_guidebook_keeps_chapters_sections_lists_bold_links_and_tables(home, client):
    import_file(MARKDOWN, "km", "--title", "សៀវភៅណែនាំរួម")
    book = GuidebookPage.objects.get(slug="guidebook", locale__language_code="km")
    assert book.title == "សៀវភៅណែនាំរួម"
    assert book.summary.startswith("សៀវភៅណែនាំរួមស្តីពី")
    chapters = list(book.chapters())
    # An explicit {#slug}, else the Khmer heading in Latin letters, word by word.
    assert [c.slug for c in chapters] == ["introduction", "kar-truotpenety-neng-karvaytmlai"]
    assert "<b>គោលបំណង</b>" in chapters[0].intro
    sections = list(book.sections())
    assert [s.title for s in sections] == ["គោលបំណង", "តួនាទី និងការទទួលខុសត្រូវ", "ជំហាននៃការត្រួតពិនិត្យ"]
    assert [s.slug for s in sections] == [
        "kaolbamnng",
        "tuonatei-neng-karttuolkhostrouv",
        "chamhan-nai-kar-truotpenety",
    ]
    first = sections[0].body
    assert first[0].block_type == "paragraph"
    html = first[0].value.source
    assert '<a href="https://ncdd.gov.kh/">' in html and "<li>តម្លាភាព</li>" in html
    table = sections[1].body[0]
    assert table.block_type == "table"
    assert table.value["data"][0] == ["តួអង្គ", "តួនាទី"]
    assert table.value["data"][2] == ["CAF", "សម្របសម្រួលសហគមន៍"]
    steps = sections[2].body[0].value.source
    assert "<ol>" in steps and "<b>រាយការណ៍</b>" in steps and "<h3>ចំណាំ</h3>" in steps

    response = client.get("/km/guidebook/introduction/tuonatei-neng-karttuolkhostrouv/")
    assert response.status_code == 200
    # Table cells mark Khmer word breaks (<span class="km-word">…<wbr>): read the text.
    assert "សម្របសម្រួលសហគមន៍" in strip_tags(response.content.decode())


@pytest.mark.django_db
def test_reimporting_updates_in_place_and_keeps_urls(home, tmp_path):
    import_file(MARKDOWN, "km")
    before = {p.pk: p.url for p in GuidebookSectionPage.objects.all()}
    count = Page.objects.count()
    changed = tmp_path / "changed.md"
    changed.write_text(MARKDOWN.read_text().replace("ប្រមូលទិន្នន័យ", "ប្រមូលទិន្នន័យថ្មី"))
    import_file(changed, "km")
    assert Page.objects.count() == count
    after = {p.pk: p.url for p in GuidebookSectionPage.objects.all()}
    assert after == before
    step = GuidebookSectionPage.objects.get(title="ជំហាននៃការត្រួតពិនិត្យ")
    assert "ប្រមូលទិន្នន័យថ្មី" in step.body[0].value.source


@pytest.mark.django_db
def test_a_guidebook_imported_under_positions_moves_to_readable_addresses(
    home, client, django_capture_on_commit_callbacks
):
    """Earlier imports named Khmer headings by position (chapter-2/section-1): a re-import finds
    those pages there, gives them their readable slug, and the old address redirects."""
    import_file(MARKDOWN, "km")
    book = GuidebookPage.objects.get(locale__language_code="km")
    chapter = book.chapters()[1]
    chapter.slug = "chapter-2"
    chapter.save_revision().publish()
    section = chapter.get_children().first().specific
    section.slug = "section-1"
    section.save_revision().publish()
    old_url = "/km/guidebook/chapter-2/section-1/"
    assert client.get(old_url).status_code == 200
    pages = Page.objects.count()

    with django_capture_on_commit_callbacks(execute=True):  # Wagtail redirects after commit
        import_file(MARKDOWN, "km")

    assert Page.objects.count() == pages
    section.refresh_from_db()
    assert section.slug == "chamhan-nai-kar-truotpenety"
    new_url = "/km/guidebook/kar-truotpenety-neng-karvaytmlai/chamhan-nai-kar-truotpenety/"
    assert section.url == new_url
    assert client.get(new_url).status_code == 200
    response = client.get(old_url)
    assert response.status_code in (301, 302) and response["Location"].endswith(new_url)


@pytest.mark.django_db
def test_docx_guidebook_is_imported_and_reimported_in_place(home, tmp_path):
    path = make_docx(tmp_path / "guide.docx")
    import_file(path, "en", "--title", "Guidebook")
    book = GuidebookPage.objects.get(locale__language_code="en")
    assert book.summary == "A guidebook for commune councils."
    chapter = GuidebookChapterPage.objects.get()
    assert chapter.slug == "planning" and "How to plan" in chapter.intro
    action_plans, budgets = book.sections()
    assert action_plans.url == "/en/guidebook/planning/action-plans/"
    html = action_plans.body[0].value.source
    assert "<b>JAAP</b>" in html
    assert "<ul><li>Hold the meeting</li><li>Write the plan</li></ul>" in html
    assert "<ol><li>First step</li></ol>" in html
    assert action_plans.body[1].value["data"] == [["Who", "What"], ["CAF", "Facilitate"]]

    make_docx(path, extra_section=True)
    import_file(path, "en")
    assert GuidebookSectionPage.objects.get(pk=budgets.pk).url == budgets.url
    assert [s.slug for s in book.sections()] == ["action-plans", "budgets", "reporting"]


BAD_FILES = [
    ("empty.md", b"  \n", "The file is empty", None),
    ("plain.md", "ធម្មតា\n\nគ្មានចំណងជើង\n".encode(), "No chapter heading", None),
    ("bad.md", "# ជំពូក\n\nល្អ\n".encode() + b"\xff\xfe broken\n", "not valid UTF-8", 4),
    ("orphan.md", "សេចក្តីផ្តើម\n\n## ផ្នែក\n".encode(), "before any chapter", 3),
    ("broken.docx", b"PK\x03\x04 this is not a zip", "not a readable Word", None),
    ("empty.docx", b"", "The file is empty", None),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name,content,reason,line", BAD_FILES)
def test_bad_files_are_refused_with_the_reason_and_nothing_is_written(
    home, tmp_path, name, content, reason, line
):
    path = tmp_path / name
    path.write_bytes(content)
    count = Page.objects.count()
    with pytest.raises(CommandError) as refused:
        import_file(path, "km")
    assert reason in str(refused.value)
    assert "Nothing was imported" in str(refused.value)
    if line:
        assert f"line {line}" in str(refused.value)
    assert Page.objects.count() == count


@pytest.mark.django_db
def test_docx_without_headings_is_refused(home, tmp_path):
    document = docx.Document()
    document.add_paragraph("Only text")
    document.save(tmp_path / "flat.docx")
    with pytest.raises(CommandError, match="No chapter heading"):
        import_file(tmp_path / "flat.docx", "km")
    assert not GuidebookPage.objects.exists()


@pytest.mark.django_db
def test_refusals_are_in_khmer_for_a_khmer_user(home, tmp_path):
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    with translation.override("km"), pytest.raises(CommandError, match="ឯកសារនេះទទេ"):
        call_command("import_guidebook", str(path), "--locale", "km")


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_everything_back(home, monkeypatch):
    from knowledge_base import guidebook_import

    calls = {"n": 0}
    original = guidebook_import._upsert

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise guidebook_import.ImportRefused("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(guidebook_import, "_upsert", failing)
    with pytest.raises(CommandError):
        import_file(MARKDOWN, "km")
    assert not GuidebookPage.objects.exists()
    assert not GuidebookChapterPage.objects.exists()


def another_guidebook(tmp_path):
    path = tmp_path / "other.md"
    path.write_text("# Budgets {#budgets}\n\nHow communes budget.\n\n## Allocation\n\nSplit it.\n")
    return path


def published_state():
    return sorted(Page.objects.values_list("pk", "title", "slug", "live", "url_path"))


@pytest.mark.django_db
def test_a_different_title_for_the_existing_guidebook_is_refused_and_nothing_is_written(
    home, tmp_path
):
    import_file(MARKDOWN, "km", "--title", "សៀវភៅណែនាំរួម")
    before = published_state()
    with pytest.raises(CommandError) as refused:
        import_file(another_guidebook(tmp_path), "km", "--title", "Budget guide")
    message = str(refused.value)
    # Names the guidebook it would have overwritten, and both ways forward.
    assert "សៀវភៅណែនាំរួម" in message and "/km/guidebook/" in message
    assert "--slug" in message and "--replace" in message
    assert "Nothing was imported" in message
    assert published_state() == before


@pytest.mark.django_db
def test_a_new_slug_imports_a_second_guidebook_beside_the_first(home, tmp_path):
    import_file(MARKDOWN, "km", "--title", "សៀវភៅណែនាំរួម")
    import_file(another_guidebook(tmp_path), "km", "--title", "Budget guide", "--slug", "budgets")
    first, second = GuidebookPage.objects.order_by("pk")
    assert (first.title, first.live, first.sections().count()) == ("សៀវភៅណែនាំរួម", True, 3)
    assert (second.title, second.slug, second.live) == ("Budget guide", "budgets", True)


@pytest.mark.django_db
def test_replace_updates_the_existing_guidebook_under_the_new_title(home, tmp_path):
    import_file(MARKDOWN, "km", "--title", "សៀវភៅណែនាំរួម")
    import_file(another_guidebook(tmp_path), "km", "--title", "Budget guide", "--replace")
    book = GuidebookPage.objects.get()
    assert book.title == "Budget guide"
    assert [c.slug for c in book.chapters()] == ["budgets"]
    assert not GuidebookSectionPage.objects.filter(title="គោលបំណង").live().exists()


@pytest.mark.django_db
def test_the_same_title_or_none_updates_the_existing_guidebook_without_asking(home, tmp_path):
    import_file(MARKDOWN, "km", "--title", "សៀវភៅណែនាំរួម")
    import_file(MARKDOWN, "km", "--title", "សៀវភៅណែនាំរួម")
    import_file(MARKDOWN, "km")
    assert GuidebookPage.objects.get().title == "សៀវភៅណែនាំរួម"


@pytest.mark.django_db
def test_the_refusal_to_overwrite_is_in_khmer_for_a_khmer_user(home, tmp_path):
    import_file(MARKDOWN, "km", "--title", "សៀវភៅណែនាំរួម")
    path = another_guidebook(tmp_path)
    with translation.override("km"), pytest.raises(CommandError) as refused:
        call_command("import_guidebook", str(path), "--locale", "km", "--title", "ផ្សេង")
    message = str(refused.value)
    assert "គ្មានអ្វីត្រូវបាននាំចូលទេ" in message and "--replace" in message
    assert "guidebook" not in message.replace("/km/guidebook/", "").lower()


# --- Hostile and damaged Word files: refused with the reason, never a traceback ---


@pytest.mark.django_db
def test_english_file_imported_after_the_khmer_one_becomes_its_translation(home, client, tmp_path):
    khmer_file = tmp_path / "km.md"
    khmer_file.write_text("# សេចក្តីផ្តើម {#introduction}\n\n## គោលបំណង {#purpose}\n\nអត្ថបទ\n")
    english_file = tmp_path / "en.md"
    english_file.write_text("# Introduction {#introduction}\n\n## Purpose {#purpose}\n\nText\n")
    import_file(khmer_file, "km", "--title", "សៀវភៅណែនាំ")
    import_file(english_file, "en", "--title", "Guidebook")

    section_km = GuidebookSectionPage.objects.get(slug="purpose", locale__language_code="km")
    section_en = GuidebookSectionPage.objects.get(slug="purpose", locale__language_code="en")
    assert section_en.translation_key == section_km.translation_key
    assert section_en.get_parent().translation_key == section_km.get_parent().translation_key
    assert section_en.title == "Purpose" and section_en.body[0].value.source == "<p>Text</p>"
    # The language switcher links the two.
    assert 'href="/en/guidebook/introduction/purpose/"' in (
        client.get("/km/guidebook/introduction/purpose/").content.decode()
    )
    # Importing the English file again updates the translation in place.
    english_file.write_text("# Introduction {#introduction}\n\n## Purpose {#purpose}\n\nNew\n")
    import_file(english_file, "en", "--title", "Guidebook")
    section_en.refresh_from_db()
    assert section_en.body[0].value.source == "<p>New</p>"
    assert GuidebookSectionPage.objects.filter(slug="purpose").count() == 2


def test_an_english_import_is_tracked_by_wagtail_localize(home, tmp_path):
    from portal.translations.status import IN_SYNC, status_of

    khmer_file = tmp_path / "km.md"
    khmer_file.write_text("# សេចក្តីផ្តើម {#introduction}\n\n## គោលបំណង {#purpose}\n\nអត្ថបទ\n")
    english_file = tmp_path / "en.md"
    english_file.write_text("# Introduction {#introduction}\n\n## Purpose {#purpose}\n\nText\n")
    import_file(khmer_file, "km", "--title", "សៀវភៅណែនាំ")
    import_file(english_file, "en", "--title", "Guidebook")

    section_en = GuidebookSectionPage.objects.get(slug="purpose", locale__language_code="en")
    row = status_of(section_en)
    # Listed on the translation status view as a tracked translation, not "not tracked".
    assert row.status == IN_SYNC
    assert row.translated == row.total > 0
