"""The service worker at /sw.js and the web app manifest: same-origin Workbox, never cached."""

import pytest

from portal.infrastructure import workbox

pytestmark = pytest.mark.django_db


def test_the_service_worker_imports_workbox_from_the_portals_static_files(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    for name in workbox.static_names():
        assert f'"/static/{name}"' in body
    assert workbox.OFFLINE_CACHE in body
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # The static files are the copies in build/, never node_modules.
    from django.contrib.staticfiles import finders

    for name in workbox.static_names():
        found = finders.find(name)
        assert found and "/build/workbox/" in found
        assert b"sourceMappingURL" not in open(found, "rb").read()


def test_without_workbox_installed_there_is_no_service_worker(client, monkeypatch):
    monkeypatch.setattr(workbox, "static_names", lambda: ["workbox/missing.prod.js"])
    assert client.get("/sw.js").status_code == 404


def test_the_manifest_opens_my_learning_in_the_pages_language(client):
    response = client.get("/en/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    body = response.json()
    assert body["start_url"] == "/en/training/"
    assert body["lang"] == "en" and body["display"] == "standalone"
    khmer = client.get("/km/manifest.webmanifest").json()
    assert khmer["start_url"] == "/km/training/"
    assert khmer["name"] != body["name"]
