"""Review e-mails (Wagtail's moderation notifications) in the recipient's language, with links
on the public address (portal/notifications.py)."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from knowledge_base.models import LessonPage
from portal import roles
from portal.notifications import align_default_site
from tests.knowledge_base.test_review import approve_url, share

PUBLIC = "http://isaf.test:8123"


def links(text):
    return re.findall(r"https?://\S+", text)


@pytest.fixture
def reviewer_in_english(make_user):
    reviewer = make_user("reviewer", groups=[roles.REVIEWER], email="reviewer@example.org")
    reviewer.profile.preferred_language = "en"
    reviewer.profile.save()
    return reviewer


@pytest.mark.django_db
@override_settings(WAGTAILADMIN_BASE_URL=PUBLIC)
def test_khmer_contributor_hears_of_approval_in_khmer_and_reviewer_in_english(
    client, make_user, lesson_index, reviewer_in_english, django_capture_on_commit_callbacks
):
    align_default_site()  # what load_demo and `manage.py align_site` do on deploy
    contributor = make_user("contributor", groups=[roles.CONTRIBUTOR], email="c@example.org")
    assert contributor.profile.preferred_language == "km"
    # Shared from the English page: the e-mail still follows the contributor's profile.
    client.force_login(contributor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        share(client, "en", photo="")
    lesson = LessonPage.objects.get()

    to_reviewer = [m for m in mail.outbox if m.to == ["reviewer@example.org"]]
    assert to_reviewer, [m.subject for m in mail.outbox]
    body = to_reviewer[0].body
    assert "has been submitted" in to_reviewer[0].subject
    assert "You can edit the page here:" in body
    assert not re.search("[\u1780-\u17ff]", body.replace(lesson.title, ""))
    assert links(body) and all(link.startswith(PUBLIC + "/") for link in links(body))

    mail.outbox.clear()
    client.force_login(reviewer_in_english)
    with django_capture_on_commit_callbacks(execute=True):
        # The reviewer's browser asks for English too: the contributor's e-mail must not follow it.
        response = client.post(
            approve_url(lesson).format("approve"), {"comment": ""}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code in (200, 302)
    lesson.refresh_from_db()
    assert lesson.live

    approved = [m for m in mail.outbox if m.to == ["c@example.org"]]
    assert len(approved) == 1, [(m.to, m.subject) for m in mail.outbox]
    message = approved[0]
    # Words of the Khmer catalogue (locale/km), not a language flag.
    assert "ត្រូវបានអនុម័ត" in message.subject
    assert "ជម្រាបសួរ" in message.body
    assert "អ្នកអាចមើលទំព័រនៅទីនេះ៖" in message.body
    assert "has been approved" not in message.body
    found = links(message.body)
    assert f"{PUBLIC}{lesson.url}" in found
    assert all(link.startswith(PUBLIC + "/") for link in found), found
    assert "http://localhost/" not in message.body


@pytest.mark.django_db
def test_a_changed_profile_language_changes_the_wagtail_one(make_user):
    user = make_user("someone")
    assert user.wagtail_userprofile.get_preferred_language() == "km"
    user.profile.preferred_language = "en"
    user.profile.save()
    user.wagtail_userprofile.refresh_from_db()
    assert user.wagtail_userprofile.get_preferred_language() == "en"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address,root_url",
    [
        ("https://isaf.example.org", "https://isaf.example.org"),
        ("http://localhost:8000/", "http://localhost:8000"),
    ],
)
def test_the_default_site_follows_the_public_address(home, address, root_url):
    with override_settings(WAGTAILADMIN_BASE_URL=address):
        site = align_default_site()
    assert site.root_url == root_url
    assert home[0].full_url.startswith(root_url + "/")
