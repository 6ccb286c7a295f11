import base64
import io

import qrcode
import qrcode.image.svg
from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from portal.infrastructure.pdf import render_pdf


def verification_url(code):
    with translation.override("km"):
        path = reverse("training:verify_code", args=[code])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def qr_data_uri(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def issue_certificate(self, completion_pk):
    """Issue the certificate of one completion: the row with its code, then the PDF.

    Idempotent: a second run finds the row (and the file) and does nothing, so a retry or a
    duplicate delivery never makes a second code.
    """
    from .models import Certificate, CourseCompletion

    completion = (
        CourseCompletion.objects.select_related("enrolment__user", "enrolment__course")
        .filter(pk=completion_pk)
        .first()
    )
    if completion is None:
        return None
    certificate = Certificate.objects.filter(completion=completion).first()
    if certificate is None:
        user = completion.enrolment.user
        course = completion.enrolment.course
        english = course.get_translation_or_none(Locale.objects.get(language_code="en"))
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    completion=completion,
                    learner_name=user.get_full_name() or user.get_username(),
                    course_title_km=course.title,
                    course_title_en=english.title if english else course.title,
                    issuer=course.issuer,
                    issuer_en=english.issuer if english else "",
                    # The day in Cambodia: a completion dated the end of a session's day
                    # is 16:59 UTC, one made after midnight local time is the day before in UTC.
                    issued_on=timezone.localdate(completion.completed_at),
                )
        except IntegrityError:  # a duplicate delivery got there first
            certificate = Certificate.objects.get(completion=completion)
    return store_pdf(certificate)


def store_pdf(certificate):
    """Render and keep the certificate's PDF, unless it has one (idempotent)."""
    from .models import Certificate

    if certificate.pdf:
        return certificate.code
    # Rendered outside any transaction: no lock is held for the second it takes.
    url = verification_url(certificate.code)
    pdf = render_pdf(
        "training/certificate_pdf.html",
        {"certificate": certificate, "url": url, "qr": qr_data_uri(url)},
    )
    # The private storage (training.models.progress.private_storage): never served as /media/.
    storage = Certificate._meta.get_field("pdf").storage
    name = storage.save(f"certificates/{certificate.code}.pdf", ContentFile(pdf))
    if not Certificate.objects.filter(pk=certificate.pk, pdf="").update(pdf=name):
        storage.delete(name)  # another run stored its file first
    return certificate.code


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def award_paths(self, user_pk):
    """Record the learning paths a learner has now completed, each with its certificate (row,
    then PDF), by the same machinery as a course's. Idempotent: a path completed before, or a
    certificate issued before, is left as it is."""
    from django.contrib.auth import get_user_model

    from .learning.paths import completed_path
    from .models import Certificate, LearningPath, PathCompletion

    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None:
        return []
    codes = []
    paths = LearningPath.objects.exclude(completions__user=user).prefetch_related("steps")
    for path in paths:
        if not path.steps.all() or user.pk not in completed_path({user.pk}, path):
            continue
        try:
            with transaction.atomic():
                done = PathCompletion.objects.create(
                    user=user, path=path, completed_at=timezone.now()
                )
                certificate = Certificate.objects.create(
                    path_completion=done,
                    learner_name=user.get_full_name() or user.get_username(),
                    course_title_km=path.name_km,
                    course_title_en=path.name_en or path.name_km,
                    issuer=path.issuer,
                    issuer_en=path.issuer,
                    issued_on=timezone.localdate(done.completed_at),
                )
        except IntegrityError:  # a duplicate delivery got there first
            continue
        codes.append(store_pdf(certificate))
    # A PDF that failed before (the task retries): render it now.
    for certificate in Certificate.objects.filter(path_completion__user=user, pdf=""):
        if certificate.code not in codes:
            codes.append(store_pdf(certificate))
    return codes


@shared_task(name="training.tasks.send_reminders", ignore_result=True)
def send_reminders():
    """The beat's reminders (training/reminders.py): each reminder goes once, whatever runs it."""
    from .reminders import send_due

    return len(send_due())
