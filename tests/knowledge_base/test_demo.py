import pytest
from django.core.management import call_command
from wagtail.models import Page

from knowledge_base.models import (
    ExchangeVisitPage,
    FollowUpAction,
    GuidebookSectionPage,
    LessonPage,
)


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_bilingual_knowledge_base(client):
    call_command("load_demo")
    counts = (Page.objects.count(), FollowUpAction.objects.count())
    call_command("load_demo")
    assert (Page.objects.count(), FollowUpAction.objects.count()) == counts
    assert GuidebookSectionPage.objects.filter(locale__language_code="en").count() == 6
    assert GuidebookSectionPage.objects.filter(locale__language_code="km").count() == 6
    assert LessonPage.objects.filter(locale__language_code="km").count() == 4
    assert LessonPage.objects.filter(locale__language_code="en").count() == 3
    assert ExchangeVisitPage.objects.filter(locale__language_code="en").count() == 3
    for url in [
        "/km/guidebook/",
        "/en/guidebook/jaap/following-up/",
        "/km/guidebook/monitoring/indicators/",
        "/en/guidebook/monitoring/reporting/",
        "/km/lessons/",
        "/en/lessons/?strategy=1",
        "/km/exchanges/",
        "/en/exchanges/kampong-speu-visits-battambang/",
        "/km/lessons/posting-the-commune-budget/",
    ]:
        assert client.get(url).status_code == 200, url
    english = client.get("/en/exchanges/kampong-speu-visits-battambang/").content.decode()
    assert "Set up a commune information board" in english
    assert "Monthly CAF network meeting" in english
    assert "Only in Khmer for now" in client.get("/en/lessons/").content.decode()
    section = client.get("/en/guidebook/jaap/following-up/").content.decode()
    assert 'href="/en/guidebook/introduction/purpose/"' in section  # cross-reference, localised
