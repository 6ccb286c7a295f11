"""An edition's change page in Chromium: the reader sees what changed, word by word, in Khmer.
Screenshots go to artifacts/ (issue 16 asks for one of the change page)."""

import pytest

from knowledge_base.editions import publish_edition
from knowledge_base.factories import GuidebookSectionPageFactory


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reader_reads_what_changed_in_an_edition(
    transactional_db, live_server, browser, guidebook, artifacts_dir, monkeypatch
):
    # The frozen PDFs are tested elsewhere (test_editions); here they would only cost time.
    monkeypatch.setattr("knowledge_base.tasks.build_edition_pdf.apply_async", lambda *a, **k: None)
    book = guidebook["km"]
    section = guidebook["chapters"][0][1][0][0]
    section.body = [("paragraph", "<p>ការងារគណនេយ្យភាពសង្គមត្រូវបានធ្វើដោយអង្គការសង្គមស៊ីវិល</p>")]
    section.save_revision().publish()
    publish_edition(book, summary="បោះពុម្ពលើកទី ១")
    section.body = [("paragraph", "<p>ការងារគណនេយ្យភាពសង្គមត្រូវបានអនុវត្តដោយរដ្ឋបាលឃុំ</p>")]
    section.save_revision().publish()
    guidebook["chapters"][1][1][1][0].unpublish()
    GuidebookSectionPageFactory(
        parent=guidebook["chapters"][1][0][0], slug="new-section", title="ផ្នែកថ្មី"
    )
    publish_edition(book, summary="បោះពុម្ពលើកទី ២៖ ផ្នែកថ្មីមួយ និងពាក្យថ្មីៗ")

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    assert page.goto(f"{live_server.url}/km/guidebook/").status == 200
    page.get_by_role("link", name="អ្វីដែលបានផ្លាស់ប្តូរ").first.click()
    page.wait_for_url(f"**/km/knowledge/guidebook/{book.pk}/editions/2/")
    assert page.locator(".diff ins", has_text="អនុវត្ត").is_visible()
    assert page.locator(".diff del", has_text="ធ្វើ").is_visible()
    assert page.locator(".edition-added").inner_text().strip().endswith("ផ្នែកថ្មី")
    assert "ផ្នែក 2.2" in page.locator(".edition-removed").inner_text()
    page.screenshot(path=artifacts_dir / "guidebook-edition-changes-km.png", full_page=True)

    phone = browser.new_page(viewport={"width": 360, "height": 740})
    phone.goto(f"{live_server.url}/km/knowledge/guidebook/{book.pk}/editions/2/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # a long unspaced Khmer diff wraps instead of widening the page
    phone.screenshot(path=artifacts_dir / "guidebook-edition-changes-phone.png", full_page=True)
