from datetime import timedelta

from django.core.management.base import BaseCommand

from portal.infrastructure import outbox
from portal.models import OutboxMessage


class Command(BaseCommand):
    help = "Report background work waiting in the outbox and send it to the broker now."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only report, send nothing")

    def handle(self, *args, dry_run=False, **options):
        waiting = outbox.waiting(grace=timedelta(0)).count()
        not_done = OutboxMessage.objects.filter(sent_at__isnull=False, done_at__isnull=True)
        self.stdout.write(f"waiting for the broker: {waiting}")
        self.stdout.write(f"sent, not yet done by a worker: {not_done.count()}")
        if not dry_run and waiting:
            sent = outbox.drain(grace=timedelta(0))
            self.stdout.write(f"sent now: {sent}")
            if sent < waiting:
                self.stderr.write("The broker is still unreachable: the rest waits.")
