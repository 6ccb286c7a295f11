"""Who sees a contributor's files in the admin before the good practice is published: the
image and document choosers, the image and document listings and the admin API offer them to
their uploader, to Editors and to the Reviewers whose task the draft waits in, and to anyone
once a live page uses them (portal/uploads.py, UploadPermissionPolicy)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from portal import roles

from .test_review import approve_url
from .test_uploads import PDF, shared_lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return {
        "contributor": make_user("contributor", groups=[roles.CONTRIBUTOR]),
        "other": make_user("other-contributor", groups=[roles.CONTRIBUTOR]),
        "reviewer": make_user("reviewer", groups=[roles.REVIEWER]),
        "editor": make_user("editor", groups=[roles.EDITOR]),
    }


@pytest.fixture
def in_review(client, people, lesson_index):
    """A good practice waiting for review, with its photo and its attachment, and a file of
    the other contributor's own that nothing uses yet."""
    attachment = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    lesson = shared_lesson(client, people["contributor"], attachment=attachment)
    client.logout()
    return {
        "lesson": lesson,
        "image": get_image_model().objects.get(),
        "document": get_document_model().objects.get(),
    }


def offered(client, user, files):
    """What ``user`` is offered of ``files`` by each door of the admin that lists files."""
    client.force_login(user)
    image, document = files["image"].pk, files["document"].pk
    doors = {
        "image chooser": client.get("/admin/images/chooser/").json()["html"],
        "image chooser results": client.get("/admin/images/chooser/results/").content.decode(),
        "document chooser": client.get("/admin/documents/chooser/").json()["html"],
        "image listing": client.get("/admin/images/").content.decode(),
        "document listing": client.get("/admin/documents/").content.decode(),
        "admin API images": client.get("/admin/api/main/images/").content.decode(),
        "admin API documents": client.get("/admin/api/main/documents/").content.decode(),
    }
    chosen_image = reverse("wagtailimages_chooser:chosen", args=[image])
    chosen_document = reverse("wagtaildocs_chooser:chosen", args=[document])
    marks = {
        "image chooser": chosen_image,
        "image chooser results": chosen_image,
        "document chooser": chosen_document,
        "image listing": reverse("wagtailimages:edit", args=[image]),
        "document listing": reverse("wagtaildocs:edit", args=[document]),
        "admin API images": f'"id": {image},',
        "admin API documents": f'"id": {document},',
    }
    seen = {door for door, page in doors.items() if marks[door] in page}
    chosen = {
        "chosen image": client.get(chosen_image).status_code == 200,
        "chosen document": client.get(chosen_document).status_code == 200,
        "API image": client.get(f"/admin/api/main/images/{image}/").status_code == 200,
        "API document": client.get(f"/admin/api/main/documents/{document}/").status_code == 200,
    }
    client.logout()
    return seen | {door for door, ok in chosen.items() if ok}


CHOOSING = {
    "image chooser",
    "image chooser results",
    "document chooser",
    "admin API images",
    "admin API documents",
    "chosen image",
    "chosen document",
    "API image",
    "API document",
}
EDITING = {"image listing", "document listing"}


def test_another_contributors_unreviewed_files_are_offered_nowhere(client, people, in_review):
    assert offered(client, people["other"], in_review) == set()


def test_the_uploader_the_reviewer_and_editors_are_offered_the_files_of_a_draft_in_review(
    client, people, in_review
):
    assert offered(client, people["contributor"], in_review) == CHOOSING | EDITING
    assert offered(client, people["editor"], in_review) == CHOOSING | EDITING
    # Reviewers choose files, and manage none.
    assert offered(client, people["reviewer"], in_review) == CHOOSING


def test_once_published_the_files_are_offered_to_every_contributor(client, people, in_review):
    client.force_login(people["reviewer"])
    client.post(approve_url(in_review["lesson"]).format("approve"), {"comment": ""})
    in_review["lesson"].refresh_from_db()
    assert in_review["lesson"].live
    # To choose them; their listing stays with who may change them.
    assert offered(client, people["other"], in_review) == CHOOSING


def test_a_draft_never_submitted_keeps_its_files_from_the_reviewers(
    client, people, in_review, make_user
):
    in_review["lesson"].current_workflow_state.cancel(user=people["contributor"])
    assert offered(client, people["reviewer"], in_review) == set()
    assert offered(client, people["contributor"], in_review) == CHOOSING | EDITING
