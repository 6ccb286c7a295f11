import io
import time

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import translation

from tests.support.pdf_pages import page_png, page_text
from training.learning import complete_lesson, enrol, submit_quiz
from training.models import Certificate, CourseCompletion
from training.tasks import issue_certificate

from .conftest import answers, build_course


def wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OperationalError:  # SQLite: the worker thread holds the table for a moment
            pass
        time.sleep(0.2)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_completion_issues_a_bilingual_certificate_with_qr(
    celery_worker, home, make_user, client, artifacts_dir, tmp_path
):
    c = build_course(home, slug="cert")
    user = make_user("dara", first_name="ដារា", last_name="គឹម", groups=["Learner"])
    enrol(user, c.course)
    for lesson in c.lessons:
        complete_lesson(user, lesson)
    submit_quiz(user, c.lessons[-1], c.quiz, answers(c.quiz))
    assert wait_for(lambda: Certificate.objects.filter(pdf__gt="").exists())
    certificate = Certificate.objects.get()
    assert certificate.course_title_km == c.course.title
    assert certificate.course_title_en == c.course_en.title
    assert len(certificate.code) >= 10

    # Idempotent: running the task again keeps the one certificate and its code.
    assert issue_certificate(certificate.completion_id) == certificate.code
    assert Certificate.objects.count() == 1

    client.force_login(user)
    with translation.override("km"):
        response = client.get(reverse("training:certificate_pdf", args=[certificate.code]))
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    (artifacts_dir / "certificate-page1.png").write_bytes(page_png(pdf))
    text = page_text(pdf)
    assert c.course.title in text and c.course_en.title in text and certificate.code in text
    assert (artifacts_dir / "certificate-page1.png").stat().st_size > 10_000


@pytest.mark.django_db
def test_only_the_owner_downloads_a_certificate(home, make_user, client):
    c = build_course(home, slug="own", with_quiz=False)
    user = make_user("owner", groups=["Learner"])
    enrol(user, c.course)
    for lesson in c.lessons:
        complete_lesson(user, lesson)
    # The on-commit enqueue is tested with a real worker above; here, run the task in place.
    issue_certificate(CourseCompletion.objects.get().pk)
    certificate = Certificate.objects.get()
    client.force_login(make_user("stranger", groups=["Learner"]))
    with translation.override("km"):
        response = client.get(reverse("training:certificate_pdf", args=[certificate.code]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_verification_page_confirms_a_code_and_shows_only_the_certificate(home, make_user, client):
    c = build_course(home, slug="verify", with_quiz=False)
    user = make_user("uzz9q", first_name="Sokha", last_name="Chan", groups=["Learner"])
    user.email = "secret@example.org"
    user.save()
    enrol(user, c.course)
    for lesson in c.lessons:
        complete_lesson(user, lesson)
    # The on-commit enqueue is tested with a real worker above; here, run the task in place.
    issue_certificate(CourseCompletion.objects.get().pk)
    certificate = Certificate.objects.get()
    with translation.override("en"):
        response = client.get(reverse("training:verify_code", args=[certificate.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "This certificate is genuine" in body
    assert "Sokha Chan" in body and c.course.title in body
    assert "secret@example.org" not in body and "uzz9q" not in body


@pytest.mark.django_db
def test_verification_page_says_when_a_code_is_unknown(client, home):
    with translation.override("en"):
        response = client.get(reverse("training:verify") + "?code=NOSUCHCODE")
    assert response.status_code == 404
    assert "No certificate has the code NOSUCHCODE" in response.content.decode()


def issued_certificate(home, make_user, *, english=True):
    c = build_course(home, slug="issuer", with_quiz=False, lessons=1)
    c.course.issuer = "សាលាជាតិរដ្ឋបាលមូលដ្ឋាន"
    c.course.save_revision().publish()
    if english:
        c.course_en.issuer = "National School of Local Administration"
        c.course_en.save_revision().publish()
    else:
        c.course_en.delete()
    user = make_user("dara", groups=["Learner"])
    enrol(user, c.course)
    complete_lesson(user, c.lessons[0])
    issue_certificate(CourseCompletion.objects.get().pk)
    return Certificate.objects.get()


def issued_by(client, certificate, language):
    import re

    with translation.override(language):
        body = client.get(reverse("training:verify_code", args=[certificate.code])).content
    return re.search(r"<dd>([^<]*)</dd>\s*<dt>[^<]*</dt><dd><code>", body.decode()).group(1)


@pytest.mark.django_db
def test_verification_page_names_the_issuer_in_the_language_shown(home, make_user, client):
    certificate = issued_certificate(home, make_user)
    assert issued_by(client, certificate, "en") == "National School of Local Administration"
    assert issued_by(client, certificate, "km") == "សាលាជាតិរដ្ឋបាលមូលដ្ឋាន"


@pytest.mark.django_db
def test_a_course_only_in_khmer_names_its_issuer_in_khmer_on_the_english_page(
    home, make_user, client
):
    certificate = issued_certificate(home, make_user, english=False)
    assert issued_by(client, certificate, "en") == "សាលាជាតិរដ្ឋបាលមូលដ្ឋាន"


def download(client, certificate):
    with translation.override("km"):
        response = client.get(reverse("training:certificate_pdf", args=[certificate.code]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_a_certificate_pdf_is_not_under_media_only_its_owner_downloads_it(
    home, make_user, client, dev_media
):
    from django.core.files.storage import default_storage, storages

    certificate = issued_certificate(home, make_user)
    assert client.get(f"/media/certificates/{certificate.code}.pdf").status_code == 404
    name = certificate.pdf.name
    assert name == f"certificates/{certificate.code}.pdf"
    assert not default_storage.exists(name) and storages["private"].exists(name)

    client.force_login(certificate.completion.enrolment.user)
    assert download(client, certificate).startswith(b"%PDF")


@pytest.mark.django_db
def test_a_certificate_issued_under_media_before_moves_out_and_still_downloads(
    home, make_user, client
):
    import importlib

    from django.apps import apps
    from django.core.files.storage import default_storage, storages

    certificate = issued_certificate(home, make_user)
    name, private = certificate.pdf.name, storages["private"]
    with private.open(name, "rb") as file:  # where the task wrote it before
        pdf = file.read()
    default_storage.save(name, io.BytesIO(pdf))
    private.delete(name)

    migration = importlib.import_module("training.migrations.0007_certificates_in_private_storage")
    migration.to_private_storage(apps, None)
    migration.to_private_storage(apps, None)  # a second run changes nothing

    assert private.exists(name) and not default_storage.exists(name)
    client.force_login(certificate.completion.enrolment.user)
    assert download(client, certificate) == pdf
