"""Issue 4's acceptance: a Khmer guidebook imported with import_guidebook is found through the
JSON API by words that sit inside unspaced Khmer phrases."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from knowledge_base.models import GuidebookSectionPage

MARKDOWN = Path(__file__).parent.parent / "knowledge_base" / "fixtures" / "guidebook_km.md"


@pytest.fixture
def imported_guidebook(home, django_capture_on_commit_callbacks):
    # Index updates are enqueued on commit: run them, as the worker would.
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        call_command("import_guidebook", str(MARKDOWN), "--locale", "km")
    return {page.title: page for page in GuidebookSectionPage.objects.live()}


def titles(client, q):
    response = client.get("/api/search/", {"q": q, "locale": "km", "type": "guidebook_section"})
    assert response.status_code == 200
    return {result["title"] for result in response.json()["results"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,section",
    [
        # inside ការងារគណនេយ្យភាពសង្គមត្រូវបានធ្វើស្ថាប័នូបនីយកម្ម
        ("គណនេយ្យភាព", "គោលបំណង"),
        ("សង្គម", "គោលបំណង"),
        # inside the title តួនាទី និងការទទួលខុសត្រូវ
        ("ទទួលខុសត្រូវ", "តួនាទី និងការទទួលខុសត្រូវ"),
        # inside ប្រមូលទិន្នន័យ, a list item of the steps
        ("ទិន្នន័យ", "ជំហាននៃការត្រួតពិនិត្យ"),
    ],
)
def test_an_inner_khmer_word_finds_its_imported_section(client, imported_guidebook, query, section):
    assert section in imported_guidebook
    assert section in titles(client, query)


@pytest.mark.django_db
def test_a_word_that_only_shares_letters_finds_nothing(client, imported_guidebook):
    # គណនា (calculation) shares its first letters with គណនេយ្យ but is another word.
    assert titles(client, "គណនា") == set()


@pytest.mark.django_db
def test_results_carry_a_highlighted_snippet_and_the_section_url(client, imported_guidebook):
    response = client.get("/api/search/", {"q": "គណនេយ្យភាព", "locale": "km"})
    result = next(r for r in response.json()["results"] if r["title"] == "គោលបំណង")
    assert "<mark>" in result["snippet"]
    assert result["type"] == "guidebook_section"
    assert result["locale"] == "km"
    assert result["url"] == imported_guidebook["គោលបំណង"].url
