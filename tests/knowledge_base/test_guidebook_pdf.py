import time

import pytest

from knowledge_base.models import GuidebookPDF
from knowledge_base.tasks import build_guidebook_pdf, guidebook_fingerprint
from tests.support.pdf_pages import page_images, page_text


def wait_for_pdf(guidebook, timeout=120):
    """The PDF of the guidebook as it is published now (earlier builds may land first)."""
    wanted = guidebook_fingerprint(guidebook)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        generated = GuidebookPDF.objects.filter(guidebook=guidebook).first()
        if generated and generated.fingerprint == wanted:
            return generated
        time.sleep(0.5)
    raise AssertionError("the worker produced no PDF of the published guidebook")


@pytest.mark.worker
# A flush after another transactional test would drop the seeded vocabulary and root page.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_the_guidebook_builds_a_khmer_pdf_in_the_worker(
    celery_worker, guidebook, client, artifacts_dir, tmp_path
):
    book = guidebook["km"]
    generated = wait_for_pdf(book)
    data = generated.file.read()
    assert data.startswith(b"%PDF")

    response = client.get(f"/km/knowledge/guidebook/{book.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == data
    page = client.get("/km/guidebook/")
    assert f"/km/knowledge/guidebook/{book.pk}/pdf/".encode() in page.content

    images = page_images(data, 1, 3)
    assert len(images) == 3
    images[0].save(artifacts_dir / "guidebook-pdf-page1.png")
    images[2].save(artifacts_dir / "guidebook-pdf-page3.png")
    assert "1.1" in page_text(data, 1, 2)

    # Publishing a section again makes a new PDF; an unchanged guidebook is not rebuilt.
    section_km = guidebook["chapters"][0][1][0][0]
    section_km.title = "ផ្នែកថ្មី"
    section_km.save_revision().publish()
    rebuilt = wait_for_pdf(book)
    assert rebuilt.fingerprint != generated.fingerprint
    assert build_guidebook_pdf.apply(args=[book.pk]).get() == "unchanged"


def test_no_pdf_link_while_it_is_being_made(guidebook, client, django_db_blocker):
    GuidebookPDF.objects.all().delete()
    response = client.get("/en/guidebook/")
    assert b"being prepared" in response.content
    assert client.get(f"/en/knowledge/guidebook/{guidebook['en'].pk}/pdf/").status_code == 404


@pytest.mark.django_db
def test_a_build_overtaken_by_a_new_publish_does_not_overwrite_it(guidebook, monkeypatch):
    import portal.infrastructure.pdf

    book = guidebook["km"]
    section = guidebook["chapters"][1][1][0][0]
    real_render = portal.infrastructure.pdf.render_pdf

    def render_while_an_editor_publishes(*args, **kwargs):
        section.save_revision().publish()
        return real_render(*args, **kwargs)

    monkeypatch.setattr(portal.infrastructure.pdf, "render_pdf", render_while_an_editor_publishes)
    assert build_guidebook_pdf.apply(args=[book.pk]).get() == "stale"
    assert not GuidebookPDF.objects.filter(guidebook=book).exists()
    monkeypatch.setattr(portal.infrastructure.pdf, "render_pdf", real_render)
    assert build_guidebook_pdf.apply(args=[book.pk]).get().endswith(".pdf")
    assert build_guidebook_pdf.apply(args=[book.pk]).get() == "unchanged"


def test_pdf_headings_break_between_khmer_words_only():
    from knowledge_base.templatetags.knowledge_base_tags import khmer_line_breaks

    broken = khmer_line_breaks("ការងារគណនេយ្យភាពសង្គម")
    assert broken.replace("\u200b", "") == "ការងារគណនេយ្យភាពសង្គម"
    assert broken.split("\u200b")[-1] == "សង្គម"
    assert khmer_line_breaks("Joint guidebook") == "Joint guidebook"
