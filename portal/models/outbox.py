import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One piece of background work, written in the transaction of the action that asked for it.

    ``portal.infrastructure.outbox`` hands it to the broker after the commit; if the broker cannot
    be reached the row waits (``sent_at`` empty) and is sent when the worker starts and by a
    periodic task. The row's id is the Celery task id, so the worker runs each message once
    (docs/decisions/0005-transactional-outbox.md).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.CharField(_("task"), max_length=255)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    options = models.JSONField(_("sending options"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("handed to the broker"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    send_attempts = models.PositiveIntegerField(_("failed sending attempts"), default=0)
    last_error = models.TextField(_("last sending error"), blank=True)

    class Meta:
        verbose_name = _("background work message")
        verbose_name_plural = _("background work messages")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True),
                name="outbox_unsent_idx",
            )
        ]

    def __str__(self):
        return f"{self.task} {self.pk}"
