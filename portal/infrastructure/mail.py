"""An e-mail backend that hands every message to a Celery task.

Django's password reset, the portal's own notices and Wagtail's moderation e-mails all call
``send_mail``; routing the backend through Celery means no web request ever waits on SMTP and a
failed delivery is retried, with no per-feature code.
"""

from django.core.mail.backends.base import BaseEmailBackend

from . import outbox


class CeleryEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from portal.tasks import send_email

        for message in email_messages:
            kwargs = {
                "subject": str(message.subject),
                "body": str(message.body),
                "from_email": message.from_email,
                "to": list(message.to),
                "cc": list(message.cc),
                "bcc": list(message.bcc),
                "reply_to": list(message.reply_to),
                "alternatives": [
                    (str(content), mimetype)
                    for content, mimetype in getattr(message, "alternatives", [])
                ],
            }
            # Sent after commit through the outbox: never for a rolled-back row, never lost to a
            # broker that is down.
            outbox.enqueue(send_email, **kwargs)
        return len(email_messages)
