"""Who sees a draft in the admin: its author, those who may change it (Editors), and Reviewers
once it is submitted for review. A draft never submitted is its author's alone."""

import pytest
from wagtail.models import Page

from knowledge_base.models import LessonPage
from portal import roles

pytestmark = pytest.mark.django_db


def draft(index, owner, title):
    """A lesson saved as a draft by its owner, logged as the editor logs it."""
    page = LessonPage(title=title, owner=owner, live=False, locale=index.locale, summary="s")
    index.add_child(instance=page)
    page.save_revision(user=owner, log_action=True)
    return page


@pytest.fixture
def people(make_user):
    return {
        "author": make_user("author", groups=[roles.CONTRIBUTOR]),
        "contributor": make_user("contributor", groups=[roles.CONTRIBUTOR]),
        "reviewer": make_user("reviewer", groups=[roles.REVIEWER]),
        "editor": make_user("editor", groups=[roles.EDITOR]),
    }


@pytest.fixture
def drafts(people, lesson_index):
    index = lesson_index[0]
    private = draft(index, people["author"], "Private draft")
    in_review = draft(index, people["author"], "Draft in review")
    in_review.get_workflow().start(in_review, people["author"])
    own = draft(index, people["contributor"], "Own draft")
    return {"index": index, "private": private, "in review": in_review, "own": own}


def shown(client, url):
    """The titles of the three drafts that the page at ``url`` shows."""
    body = client.get(url).content.decode()
    return {title for title in ("Private draft", "Draft in review", "Own draft") if title in body}


LISTINGS = {
    "explorer": "/admin/pages/{index}/",
    "page chooser": "/admin/choose-page/{index}/",
    "admin API": "/admin/api/main/pages/?child_of={index}",
    "page type usage": "/admin/pages/usage/knowledge_base/lessonpage/",
    "site history": "/admin/reports/site-history/",
}
SEEN = {
    "author": {"Private draft", "Draft in review"},
    "contributor": {"Own draft"},
    "reviewer": {"Draft in review"},
    "editor": {"Private draft", "Draft in review", "Own draft"},
}


@pytest.mark.parametrize("listing", LISTINGS)
@pytest.mark.parametrize("person", SEEN)
def test_a_listing_shows_only_the_drafts_the_person_may_see(
    client, people, drafts, listing, person
):
    client.force_login(people[person])
    assert shown(client, LISTINGS[listing].format(index=drafts["index"].pk)) == SEEN[person]


@pytest.mark.parametrize("view", ["view_draft", "revisions/{revision}/view", "history"])
def test_a_reviewer_cannot_open_a_draft_never_submitted(client, people, drafts, view):
    page = drafts["private"]
    client.force_login(people["reviewer"])
    path = view.format(revision=page.latest_revision_id)
    response = client.get(f"/admin/pages/{page.pk}/{path}/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    compare = f"/admin/pages/{page.pk}/revisions/compare/earliest...latest/"
    assert client.get(compare)["Location"] == "/admin/"


def test_a_reviewer_opens_a_submitted_draft(client, people, drafts):
    page = drafts["in review"]
    client.force_login(people["reviewer"])
    assert client.get(f"/admin/pages/{page.pk}/view_draft/").status_code == 200
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


def test_a_reviewer_may_not_publish_a_draft_never_submitted(people, drafts):
    reviewer = people["reviewer"]
    assert not drafts["private"].permissions_for_user(reviewer).can_publish()
    assert drafts["in review"].permissions_for_user(reviewer).can_publish()
    # Through the bulk action too: the page is listed as one they have no right on.
    page = Page.objects.get(pk=drafts["private"].pk)
    assert not page.permissions_for_user(reviewer).can_publish()


def test_approving_a_submitted_draft_still_publishes_it(client, people, drafts):
    page = drafts["in review"]
    state = page.current_workflow_state
    client.force_login(people["reviewer"])
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{state.current_task_state.pk}/",
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live


def test_unsubmitted_changes_to_a_published_lesson_stay_the_authors(client, people, drafts):
    page = drafts["in review"]
    page.get_latest_revision().publish()
    page = LessonPage.objects.get(pk=page.pk)
    page.title = "A new title, not submitted"
    page.save_revision(user=people["author"])
    reviewer = people["reviewer"]
    assert not page.permissions_for_user(reviewer).can_publish()
    client.force_login(reviewer)
    assert client.get(f"/admin/pages/{page.pk}/view_draft/")["Location"] == "/admin/"
    assert page.permissions_for_user(people["author"]).can_edit()
