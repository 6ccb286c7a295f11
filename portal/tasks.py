from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_email(self, subject, body, from_email, to, cc=(), bcc=(), reply_to=(), alternatives=()):
    """Deliver one message through the real mail backend; retried with backoff if SMTP fails.

    A message is not a database row, so this task takes its fields rather than a primary key.
    Celery's acks_late plus the retry make delivery at-least-once.
    """
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email,
        to=list(to),
        cc=list(cc),
        bcc=list(bcc),
        reply_to=list(reply_to),
        connection=get_connection(settings.PORTAL_EMAIL_DELIVERY_BACKEND),
    )
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    return message.send()


@shared_task(name="portal.tasks.update_reference_index", coalesce=True)
def update_reference_index(app_label, model_name, pk):
    """Wagtail's reference-index update, for a row that still exists when the worker runs.

    Wagtail enqueues it on every ``post_save``, inline rows of a page (an exchange's visitors,
    say) included; saving the page again replaces those rows, so by the time the worker runs
    the row it was asked about may be gone, and Wagtail's task fails with ``DoesNotExist``. A
    deleted row has nothing to index (Wagtail removes its references when it is deleted, and
    the page's own save updates the page's), so this skips it.
    """
    from django.apps import apps
    from wagtail.tasks import update_reference_index_task

    model = apps.get_model(app_label, model_name)
    if not model._default_manager.filter(pk=pk).exists():
        return "gone"
    update_reference_index_task.call(app_label, model_name, pk)
    return "indexed"


@shared_task(name="portal.tasks.send_invitation")
def send_invitation(user_pk):
    """Invite an account someone else created (a cohort upload) to set its password, in the
    account's preferred language. Nothing for an account that is gone by then, switched off, has
    no address or has set a password meanwhile: the invitation would be of no use to it."""
    from django.contrib.auth import get_user_model

    from .models import Profile
    from .password_links import needs_invitation, send_set_password_link

    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None or not needs_invitation(user):
        return "skipped"
    profile, _created = Profile.objects.get_or_create(user=user)
    send_set_password_link(user, profile.preferred_language, "invitation")
    return "sent"
