import pytest

from portal.factories import StandardPageFactory
from search.tasks import index_object


@pytest.fixture
def make_page(home):
    """Publish a StandardPage under the Khmer home (and its English translation if given).

    Index updates are enqueued on commit, which never comes inside a test transaction, so the
    pages are indexed here directly (the worker path is tested in test_freshness.py).
    """
    km_home, _en_home = home

    def make(slug, km_title, km_intro="", en_title=None, en_intro="", parent=None, **extra):
        en = {"title": en_title, "intro": en_intro} if en_title else None
        km_page, en_page = StandardPageFactory.pair(
            parent=parent or km_home,
            slug=slug,
            title=km_title,
            intro=km_intro,
            **extra,
            en=en,
        )
        for page in (km_page, en_page):
            if page is not None:
                index_object(page)
        return km_page, en_page

    return make
