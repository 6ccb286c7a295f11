# ruff: noqa: E501 - the test set reads best one page per line
"""Relevance test set: Khmer and English queries with the pages each must find.

Run with ``pytest -s tests/search/test_relevance.py`` to see recall and precision per language
(they are printed). The same set runs on SQLite and on PostgreSQL.
"""

import pytest
from django.db import connection
from wagtail.models import Locale

from portal.models import StandardPage

pytestmark = pytest.mark.django_db

PAGES = {
    "s1": ("ការលើកកម្ពស់ការទទួលខុសត្រូវរបស់យន្តការគណនេយ្យភាពសង្គម", "Strengthening the accountability of SA mechanisms"),
    "s2": ("ការអភិវឌ្ឍសមត្ថភាពអំពីការងារគណនេយ្យភាពសង្គម", "Capacity development for SA work"),
    "s3": ("ការរៀបចំផែនការសកម្មភាព និងថវិកាស្តីពីការអនុវត្តការងារគណនេយ្យភាពសង្គម", "Action plans and budgets for SA implementation"),
    "s4": ("ការវិភាជថវិកាដើម្បីគាំទ្រការអនុវត្តការងារគណនេយ្យភាពសង្គម", "Budget allocation to support SA implementation"),
    "s5": ("ការត្រួតពិនិត្យ និងការវាយតម្លៃ", "Monitoring and evaluation"),
    "s6": ("ការប្រើប្រាស់ប្រព័ន្ធបច្ចេកវិទ្យាឌីជីថលសម្រាប់ការងារគណនេយ្យភាពសង្គម", "Digital technology systems for SA work"),
    "s7": ("ការជ្រើសរើស CAFs និងការបង្កើតបណ្តាញ CAFs", "Selecting CAFs and building CAF networks"),
    "s8": ("ការពង្រឹងភាពជាដៃគូក្នុងការអនុវត្តការងារគណនេយ្យភាពសង្គម", "Strengthening partnerships in SA implementation"),
    "nsla": ("សាលាជាតិរដ្ឋបាលមូលដ្ឋាន (ក្រសួងមហាផ្ទៃ)", "National School of Local Administration, Ministry of Interior"),
    "health": ("មណ្ឌលសុខភាព និងសាលាបឋមសិក្សា", "Health centre and primary school"),
}  # fmt: skip

KHMER_QUERIES = {
    "គណនេយ្យភាព": {"s1", "s2", "s3", "s4", "s6", "s8"},
    "គណនេយ្យភាពសង្គម": {"s1", "s2", "s3", "s4", "s6", "s8"},
    "វាយតម្លៃ": {"s5"},
    "ការវាយតម្លៃ": {"s5"},
    "មហាផ្ទៃ": {"nsla"},
    "ក្រសួង": {"nsla"},
    "ថវិកា": {"s3", "s4"},
    "អនុវត្ត": {"s3", "s4", "s8"},
    "សមត្ថភាព": {"s2"},
    "បណ្តាញ": {"s7"},
    "ភាពជាដៃគូ": {"s8"},
    "ឌីជីថល": {"s6"},
    "ត្រួតពិនិត្យ": {"s5"},
    "ទទួលខុសត្រូវ": {"s1"},
    "សុខភាព": {"health"},
    "សកម្មភាព": {"s3"},
    "សាលាបឋមសិក្សា": {"health"},
    "CAF": {"s7"},
}

ENGLISH_QUERIES = {
    "accountability": {"s1"},
    "CAF": {"s7"},
    "budgets": {"s3", "s4"},
    "implementation": {"s3", "s4", "s8"},
    "monitoring": {"s5"},
    "partnership": {"s8"},
    "digital systems": {"s6"},
    "ministry interior": {"nsla"},
    "evaluation": {"s5"},
    "strengthening": {"s1", "s8"},
    "networks": {"s7"},
    "health centres": {"health"},
}


@pytest.fixture
def corpus(make_page):
    for slug, (km, en) in PAGES.items():
        make_page(slug, km, km, en_title=en, en_intro=en)


def measure(queries, language):
    locale = Locale.objects.get(language_code=language)
    relevant_found = retrieved = relevant = 0
    misses = []
    for query, expected in queries.items():
        pages = StandardPage.objects.live().filter(locale=locale).search(query)
        got = {page.slug for page in pages}
        relevant_found += len(got & expected)
        retrieved += len(got)
        relevant += len(expected)
        if got != expected:
            misses.append((query, sorted(expected - got), sorted(got - expected)))
    recall = relevant_found / relevant
    precision = relevant_found / retrieved if retrieved else 1.0
    print(
        f"\n[{connection.vendor}] {language}: {len(queries)} queries, "
        f"recall {recall:.3f}, precision {precision:.3f}"
    )
    for query, missed, extra in misses:
        print(f"  {query}: missed {missed}, extra {extra}")
    return recall, precision


def test_khmer_relevance(corpus):
    recall, precision = measure(KHMER_QUERIES, "km")
    assert recall >= 0.95
    assert precision >= 0.9


def test_english_relevance(corpus):
    recall, precision = measure(ENGLISH_QUERIES, "en")
    assert recall >= 0.95
    assert precision >= 0.9
