"""The security headers on every answer, and pages that need nothing the policy refuses: no
inline script without the request's nonce, no inline event handler, no style attribute."""

import datetime
import json
import re
import subprocess
import sys

import pytest

from knowledge_base.factories import (
    ExchangeIndexPageFactory,
    ExchangeVisitPageFactory,
    GuidebookPageFactory,
)
from portal.infrastructure.security_headers import permissions_policy
from portal.models import AdministrativeArea
from tests.training.conftest import build_course
from training.learning import enrol

pytestmark = pytest.mark.django_db

SITE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: blob:",
    "media-src": "'self'",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "frame-src": (
        "'self' https://www.youtube.com https://www.youtube-nocookie.com https://player.vimeo.com"
    ),
    "frame-ancestors": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
REFUSED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "display-capture"]


def policy(response):
    directives = (d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


def nonce_of(response):
    return re.search(r"'nonce-([^']+)'", policy(response)["script-src"]).group(1)


def inline_scripts(html):
    """Each inline ``<script>``'s attributes; data blocks (JSON) are not scripts."""
    found = re.findall(r"<script\b([^>]*)>", html)
    return [a for a in found if "src=" not in a and "application/json" not in a]


def assert_nothing_inline_without_nonce(html, nonce=None):
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), "an inline event handler"
    assert not re.search(r"<[^>]+\sstyle\s*=", html), "a style attribute"
    for attributes in inline_scripts(html):
        assert nonce and f'nonce="{nonce}"' in attributes, f"<script{attributes}> has no nonce"


def test_every_answer_carries_the_three_headers(client, home):
    for url in ("/km/", "/en/", "/api/training/openapi.json", "/km/accounts/login/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == SITE_POLICY, url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        features = dict(f.split("=") for f in response["Permissions-Policy"].split(", "))
        for feature in REFUSED_FEATURES:
            assert features[feature] == "()", feature


def test_the_admin_allows_inline_style_and_nothing_more(client, home, make_user):
    client.force_login(make_user("editor", is_superuser=True))
    admin = policy(client.get("/admin/"))
    assert admin["style-src"] == "'self' 'unsafe-inline'"
    assert {k: v for k, v in admin.items() if k not in ("style-src", "script-src")} == {
        k: v for k, v in SITE_POLICY.items() if k not in ("style-src", "script-src")
    }
    assert "'unsafe-inline'" not in admin["script-src"]


def test_wagtails_inline_scripts_in_the_editor_carry_the_requests_nonce(client, home, make_user):
    client.force_login(make_user("editor", is_superuser=True))
    km, _ = home
    index, _ = ExchangeIndexPageFactory.pair(parent=km, slug="exchanges", title="ការផ្លាស់ប្តូរ")
    # An inline panel, date pickers, snippet choosers, the scheduled publishing dialog.
    response = client.get(f"/admin/pages/add/knowledge_base/exchangevisitpage/{index.pk}/")
    html = response.content.decode()
    nonce = nonce_of(response)
    scripts = inline_scripts(html)
    assert len(scripts) >= 6
    assert all(f'nonce="{nonce}"' in attributes for attributes in scripts)
    assert policy(response)["script-src"] == f"'self' 'nonce-{nonce}'"
    assert nonce != nonce_of(
        client.get(f"/admin/pages/add/knowledge_base/exchangevisitpage/{index.pk}/")
    )


def test_a_script_in_content_runs_nowhere(client, home, make_user):
    client.force_login(make_user("editor", is_superuser=True))
    km, _ = home
    area = AdministrativeArea.objects.get(code="05")
    area.name_km = area.name_en = '<script>alert("area")</script>'
    area.save()
    index, _ = ExchangeIndexPageFactory.pair(parent=km, slug="exchanges", title="ការផ្លាស់ប្តូរ")
    visit, _ = ExchangeVisitPageFactory.pair(
        parent=index,
        slug="visit",
        title="<script>alert(1)</script>",
        start_date=datetime.date(2026, 2, 1),
        area=area,
    )
    response = client.get(f"/admin/pages/{visit.pk}/edit/")
    html = response.content.decode()
    assert 'alert("area")</script>' not in html and "<script>alert(1)" not in html
    for attributes in inline_scripts(html):
        assert f'nonce="{nonce_of(response)}"' in attributes


def test_the_sites_pages_need_no_inline_script_or_style(client, home, make_user):
    km, _ = home
    book, _ = GuidebookPageFactory.pair(parent=km, slug="guidebook", title="សៀវភៅណែនាំ")
    index, _ = ExchangeIndexPageFactory.pair(parent=km, slug="exchanges", title="ការផ្លាស់ប្តូរ")
    for slug, host in (("a", "05"), ("b", "05"), ("c", "17")):
        ExchangeVisitPageFactory.pair(
            parent=index,
            slug=slug,
            title=f"ទស្សនកិច្ច {slug}",
            start_date=datetime.date(2026, 2, 1),
            area=AdministrativeArea.objects.get(code=host),
        )
    learner = make_user("sokha", groups=["Learner"], actor_code="caf", area_code="05")
    course = build_course(home, slug="csp", with_quiz=False, lessons=2)
    enrol(learner, course.course)
    client.force_login(learner)

    pages = {
        "home": "/km/",
        "guidebook": book.url,
        "exchanges": index.url,
        "course": course.course.url,
        "dashboard": "/km/training/",
        "search": "/km/search/?q=ឃុំ",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert_nothing_inline_without_nonce(response.content.decode())
    exchanges = client.get(index.url).content.decode()
    assert exchanges.count('<svg class="bar bar-hosted"') == 2  # Kampong Speu, Siem Reap
    assert '<rect width="100"' in exchanges and '<rect width="50"' in exchanges
    assert 'aria-valuenow="0"' in client.get(course.course.url).content.decode()


def test_the_completion_report_needs_no_inline_script_or_style(client, home, make_user):
    client.force_login(make_user("editor", is_superuser=True))
    course = build_course(home, slug="report", with_quiz=False, lessons=1)
    enrol(make_user("dara", groups=["Learner"], actor_code="caf", area_code="05"), course.course)
    response = client.get("/admin/training/report/")
    html = response.content.decode()
    assert html.count('class="report-chart"') == 2
    assert not re.search(r"<[^>]+\sstyle\s*=", html)
    nonce = nonce_of(response) if "'nonce-" in policy(response)["script-src"] else None
    for attributes in inline_scripts(html):
        assert nonce and f'nonce="{nonce}"' in attributes


def test_the_permissions_policy_header_value():
    features = {
        "camera": [],
        "fullscreen": ["self"],
        "autoplay": ["self", "https://www.youtube.com"],
        "web-share": ["*"],
    }
    assert permissions_policy(features) == (
        'camera=(), fullscreen=(self), autoplay=(self "https://www.youtube.com"), web-share=*'
    )


def test_images_and_video_may_come_from_a_media_host():
    script = (
        "import json; from config.settings import base; "
        "print(json.dumps(base.CONTENT_SECURITY_POLICY['DIRECTIVES'], default=str))"
    )
    env = {"DJANGO_MEDIA_URL": "https://media.isaf.example/files/", "PATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    directives = json.loads(out)
    assert "https://media.isaf.example" in directives["img-src"]
    assert "https://media.isaf.example" in directives["media-src"]
    assert "https://media.isaf.example" not in directives["script-src"]
