"""Uploaded files as the development server answers them: never as a page of the portal."""

import pytest
from django.conf import settings

from tests.knowledge_base.test_review import photo_bytes

PAGE = b"<html><script>alert(document.cookie)</script></html>"


@pytest.fixture
def media_files():
    folder = settings.MEDIA_ROOT / "test-media-headers"
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "evil.html": PAGE,
        "drawing.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "photo.png": photo_bytes("PNG"),
    }
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return "/media/test-media-headers/"


@pytest.mark.parametrize(
    "name,content_type,disposition",
    [
        ("evil.html", "text/html", "attachment"),
        ("drawing.svg", "image/svg+xml", "attachment"),
        ("photo.png", "image/png", "inline"),
    ],
)
def test_the_development_server_sends_media_with_nosniff_and_non_images_as_downloads(
    dev_media, client, media_files, name, content_type, disposition
):
    response = client.get(media_files + name)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.get("Content-Disposition", "").split(";")[0] == disposition
