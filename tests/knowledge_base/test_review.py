"""Who may do what: Wagtail's own permission checks, driven by the groups' page permissions and
the knowledge-base review workflow."""

import io
import time

import pytest
from django.core import mail
from django.test import override_settings
from PIL import Image

from knowledge_base.models import ExchangeVisitPage, LessonPage
from portal import roles
from tests.support.hostile_zips import encrypted, with_zeros, word_document

ROLES = [roles.CONTRIBUTOR, roles.REVIEWER, roles.EDITOR, roles.LEARNER]
ACTIONS = ["create", "edit own", "edit another's", "submit", "approve", "publish"]
ALLOWED = {
    roles.CONTRIBUTOR: {"create", "edit own", "submit"},
    # Wagtail publishes an approved page as its approver, so a Reviewer holds "publish".
    roles.REVIEWER: {"approve", "publish"},
    roles.EDITOR: set(ACTIONS),
    roles.LEARNER: set(),
}


def draft(index, owner, title, model=LessonPage, **fields):
    page = model(
        title=title,
        slug=title.lower().replace(" ", "-"),
        owner=owner,
        live=False,
        locale=index.locale,
        **fields,
    )
    index.add_child(instance=page)
    page.save_revision(user=owner)
    return page


def can(action, user, index, own, others):
    if action == "create":
        return index.permissions_for_user(user).can_add_subpage()
    if action == "edit own":
        return own.permissions_for_user(user).can_edit()
    if action == "edit another's":
        return others.permissions_for_user(user).can_edit()
    if action == "submit":
        tester = own.permissions_for_user(user)
        return tester.can_edit() and tester.can_submit_for_moderation()
    if action == "approve":
        others.get_workflow().start(others, others.owner)
        others.refresh_from_db()
        task = others.current_workflow_task
        return "approve" in [name for name, *_ in task.get_actions(others, user)]
    if action == "publish":
        return own.permissions_for_user(user).can_publish()
    raise AssertionError(action)


@pytest.fixture
def people(make_user):
    return {role: make_user(role.lower().replace(" ", "-"), groups=[role]) for role in ROLES} | {
        "other": make_user("other-contributor", groups=[roles.CONTRIBUTOR])
    }


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["lesson", "exchange"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(kind, role, action, people, lesson_index, exchange_index):
    user = people[role]
    if kind == "lesson":
        index, model, fields = lesson_index[0], LessonPage, {"summary": "s"}
    else:
        import datetime

        index, model = exchange_index[0], ExchangeVisitPage
        fields = {"start_date": datetime.date(2026, 1, 1)}
    own = draft(index, user, f"Own {role}", model, **fields)
    others = draft(index, people["other"], f"Other {role}", model, **fields)
    assert can(action, user, index, own, others) is (action in ALLOWED[role]), (
        f"{role} {action} {kind}"
    )


@pytest.mark.django_db
def test_the_matrix_holds_in_the_english_tree_too(people, lesson_index):
    _, index_en = lesson_index
    assert index_en.permissions_for_user(people[roles.CONTRIBUTOR]).can_add_subpage()
    own = draft(index_en, people[roles.CONTRIBUTOR], "Own en", summary="s")
    assert not own.permissions_for_user(people[roles.CONTRIBUTOR]).can_publish()
    assert own.get_workflow().name == "Knowledge base review"


@pytest.mark.django_db
def test_editor_has_everything_on_the_guidebook_and_contributor_nothing(people, guidebook):
    book = guidebook["km"]
    editor = book.permissions_for_user(people[roles.EDITOR])
    assert editor.can_add_subpage() and editor.can_edit() and editor.can_publish()
    contributor = book.permissions_for_user(people[roles.CONTRIBUTOR])
    assert not (contributor.can_add_subpage() or contributor.can_edit())


@pytest.mark.django_db
def test_contributor_cannot_publish_or_open_anothers_draft_in_the_admin(
    client, people, lesson_index
):
    index = lesson_index[0]
    own = draft(index, people[roles.CONTRIBUTOR], "Mine", summary="s")
    others = draft(index, people["other"], "Theirs", summary="s")
    client.force_login(people[roles.CONTRIBUTOR])
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{others.pk}/edit/").status_code in (302, 403)
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    form = {
        "title": "Mine changed",
        "slug": "mine",
        "summary": "s",
        "sector": "other",
        "images": streamfield([]),
        "attachments": streamfield([]),
        **{name: rich_text("") for name in LessonPage.SECTION_FIELDS},
        "action-publish": "1",
    }
    client.post(f"/admin/pages/{own.pk}/edit/", nested_form_data(form))
    own.refresh_from_db()
    assert not own.live
    # Saving a draft of one's own page works.
    del form["action-publish"]
    response = client.post(f"/admin/pages/{own.pk}/edit/", nested_form_data(form))
    assert response.status_code == 302, response.content.decode()[:3000]
    own.refresh_from_db()
    assert own.get_latest_revision_as_object().title == "Mine changed"
    assert not own.live
    assert inline_formset


def photo_bytes(fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, fmt)
    return buffer.getvalue()


def share(client, language="km", **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "title": "ការបង្ហោះថវិកាឃុំ",
        "summary": "ឃុំបានបង្ហោះថវិកានៅសាលាឃុំ។",
        "what_was_done": "បិទផ្សាយ\n\nប្រជុំ",
        "sector": "commune-administration",
        "date": "2026-05-02",
        "photo": SimpleUploadedFile("board.jpg", photo_bytes(), content_type="image/jpeg"),
    }
    data.update(extra)
    return client.post(f"/{language}/knowledge/share/", data)


def approve_url(page):
    state = page.current_workflow_state
    return f"/admin/pages/workflow/action/{page.pk}/{{}}/{state.current_task_state.pk}/"


@pytest.mark.django_db
def test_share_form_creates_a_draft_in_review_and_a_reviewer_approves_it(
    client, people, lesson_index
):
    contributor = people[roles.CONTRIBUTOR]
    client.force_login(contributor)
    response = share(client)
    assert response.status_code == 302
    lesson = LessonPage.objects.get(title="ការបង្ហោះថវិកាឃុំ")
    assert not lesson.live and lesson.owner == contributor
    assert lesson.locale.language_code == "km"
    assert lesson.workflow_in_progress
    assert lesson.images[0].value["image"].width == 40
    assert "<p>បិទផ្សាយ</p><p>ប្រជុំ</p>" in lesson.what_was_done
    page = client.get("/km/knowledge/share/").content.decode()
    assert "Waiting for review" in page or "រង់ចាំ" in page

    client.force_login(people[roles.REVIEWER])
    response = client.post(approve_url(lesson).format("approve"), {"comment": "ល្អ"})
    assert response.status_code in (200, 302), response
    lesson.refresh_from_db()
    assert lesson.live
    assert "ការបង្ហោះថវិកាឃុំ" in client.get("/km/lessons/").content.decode()


@pytest.mark.django_db
def test_a_rejected_contribution_shows_the_reviewers_comment(client, people, lesson_index):
    client.force_login(people[roles.CONTRIBUTOR])
    share(client, photo="")
    lesson = LessonPage.objects.get()
    client.force_login(people[roles.REVIEWER])
    client.post(approve_url(lesson).format("reject"), {"comment": "សូមបន្ថែមលទ្ធផល"})
    lesson.refresh_from_db()
    assert not lesson.live
    client.force_login(people[roles.CONTRIBUTOR])
    assert "សូមបន្ថែមលទ្ធផល" in client.get("/km/knowledge/share/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("photo.jpg", b"%PDF-1.4 not a photo" + b"\0" * 100, "application/pdf"),
        ("photo.jpg", b"just text, named like a photo", "unknown kind of file"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "damaged"),
        ("big.jpg", photo_bytes() + b"\0" * (5 * 1024 * 1024), "the largest allowed is"),
    ],
)
def test_a_rejected_photo_says_why_and_keeps_the_rest_of_the_form(
    client, people, lesson_index, name, content, reason
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people[roles.CONTRIBUTOR])
    response = share(
        client, "en", photo=SimpleUploadedFile(name, content, content_type="image/jpeg")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert reason in html
    assert 'value="ការបង្ហោះថវិកាឃុំ"' in html
    assert "ឃុំបានបង្ហោះថវិកានៅសាលាឃុំ។</textarea>" in html
    assert not LessonPage.objects.exists()


@pytest.mark.django_db
def test_an_attachment_is_checked_by_content_too(client, people, lesson_index):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people[roles.CONTRIBUTOR])
    fake = SimpleUploadedFile("report.pdf", photo_bytes(), content_type="application/pdf")
    response = share(client, attachment=fake)
    assert "image/jpeg" in response.content.decode()
    assert "តាមខ្លឹមសាររបស់វា" in response.content.decode()  # the reason, in Khmer
    real = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert share(client, attachment=real).status_code == 302
    assert LessonPage.objects.get().attachments[0].value["document"].file_extension == "pdf"


WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.django_db
@override_settings(PORTAL_ZIP_MAX_UNPACKED_BYTES=2 * 1024 * 1024)
@pytest.mark.parametrize(
    "make,reason",
    [
        (lambda d: with_zeros(d, 3 * 1024 * 1024), "it unpacks to more than 2"),
        (lambda d: encrypted(d, "word/document.xml"), "word/document.xml in it is encrypted"),
    ],
    ids=["unpacks-past-the-limit", "encrypted-entry"],
)
def test_an_office_attachment_past_the_zip_limits_is_refused_with_the_reason(
    client, people, lesson_index, make, reason
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people[roles.CONTRIBUTOR])
    hostile = SimpleUploadedFile("plan.docx", make(word_document()), content_type=WORD)
    response = share(client, "en", attachment=hostile)
    assert response.status_code == 200
    assert f"This file cannot be accepted: {reason}" in response.content.decode()
    assert not LessonPage.objects.exists()
    plain = SimpleUploadedFile("plan.docx", word_document(), content_type=WORD)
    assert share(client, attachment=plain).status_code == 302
    assert LessonPage.objects.get().attachments[0].value["document"].file_extension == "docx"


@pytest.mark.django_db
def test_only_contributors_see_the_form(client, people, lesson_index):
    assert client.get("/km/knowledge/share/").status_code == 302  # to log in
    client.force_login(people[roles.LEARNER])
    response = client.get("/en/knowledge/share/")
    assert response.status_code == 403
    assert b"open to contributors" in response.content


@pytest.mark.worker
# A flush after another transactional test would drop the seeded vocabulary and root page.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_submit_approve_and_reject_send_e_mail_through_celery(
    celery_worker, settings, make_user, lesson_index, client
):
    settings.EMAIL_BACKEND = "portal.infrastructure.mail.CeleryEmailBackend"
    contributor = make_user("contrib-mail", groups=[roles.CONTRIBUTOR])
    reviewer = make_user("reviewer-mail", groups=[roles.REVIEWER])
    mail.outbox = []

    def wait_for(address, count):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            sent = [m for m in mail.outbox if address in m.to]
            if len(sent) >= count:
                return sent
            time.sleep(0.2)
        raise AssertionError(f"no e-mail to {address}: {[m.to for m in mail.outbox]}")

    client.force_login(contributor)
    share(client, photo="")
    share(client, photo="", title="មេរៀនទីពីរ")
    first, second = LessonPage.objects.order_by("pk")
    assert wait_for(reviewer.email, 2)

    client.force_login(reviewer)
    client.post(approve_url(first).format("approve"), {"comment": ""})
    client.post(approve_url(second).format("reject"), {"comment": "សូមបន្ថែមរូបថត"})
    sent = wait_for(contributor.email, 2)
    bodies = " ".join(m.body for m in sent)
    assert "សូមបន្ថែមរូបថត" in bodies
