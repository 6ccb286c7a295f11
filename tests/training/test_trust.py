"""What makes the portal trustworthy to a learner: who runs it (emblem, contact details), what it
does with their data (a privacy page editors write), course facts and certificate details laid
out as facts, and one numeral system per page."""

import re

import pytest

from portal.factories import StandardPageFactory
from portal.models import ContactSettings
from training.learning import enrol

pytestmark = pytest.mark.django_db


def visible_text(html):
    html = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_every_page_names_the_programme_its_contact_and_its_privacy_notice(client, home):
    km, _en = home
    contact = ContactSettings.load()
    contact.email, contact.phone = "isaf@example.org", "+855 23 000 000"
    contact.save()
    StandardPageFactory.pair(parent=km, slug="privacy", title="ឯកជនភាព", en={"title": "Privacy"})
    for language, title in (("km", "ឯកជនភាព"), ("en", "Privacy")):
        for path in (f"/{language}/", f"/{language}/training/verify/"):
            body = client.get(path).content.decode()
            footer = body[body.index('<footer class="site-footer">') :]
            assert "img/emblem" in footer, path
            assert "mailto:isaf@example.org" in footer and "tel:+85523000000" in footer, path
            assert f'href="/{language}/privacy/" data-testid="privacy-link">{title}<' in footer


def test_a_khmer_course_page_counts_in_khmer_digits_an_english_one_in_arabic(
    client, course, learner
):
    client.force_login(learner)
    enrol(learner, course.course)
    km = visible_text(client.get(course.course.url).content.decode())
    en = visible_text(client.get(course.course_en.url).content.decode())
    # The figures the portal writes: the estimated time, the progress.
    assert "៦០ នាទី" in km and "០%" in km
    assert "60 នាទី" not in km and " 0%" not in km
    assert "60 minutes" in en and "0%" in en


def test_course_facts_and_verified_certificates_are_laid_out_as_facts(client, course):
    body = client.get(course.course.url).content.decode()
    assert '<dl class="course-facts facts">' in body
    from django.contrib.staticfiles import finders

    rules = open(finders.find("css/portal.css")).read()
    assert ".facts { display: grid;" in rules and ".verified {" in rules
