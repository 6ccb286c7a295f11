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
