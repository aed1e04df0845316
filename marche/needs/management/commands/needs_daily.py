"""The periodic work of needs (django-tasks has no scheduler): automatic reminders, the
outcome question after the deadline, and resuming notifications a stopped worker left
unfinished. Idempotent: every step is stamped on its row and claimed by a conditional
UPDATE, so running it twice (or from two machines) sends nothing twice.

Run it once a day or more often (hourly is fine) from the platform's scheduler, or let
`make run`'s Procfile run it in a loop: ``manage.py needs_daily --every 3600``.
"""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from marche.needs import notifications, outcome
from marche.needs.models import Need, NeedStatus
from marche.needs.tasks import send_notification_batch


class Command(BaseCommand):
    help = "Rappels automatiques, bilan demandé après la date limite, reprise des envois de besoins (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, help="Recommencer toutes les N secondes (0 : une seule fois)."
        )

    def handle(self, *args, every=0, **options):
        while True:
            self.run_once()
            if every <= 0:
                return
            time.sleep(every)  # a scheduler loop, not a test wait

    def run_once(self):
        today = timezone.localdate()
        unfinished = Need.objects.open(today).filter(
            status=NeedStatus.VALIDATED, notification_started_at__isnull=False, notification_finished_at__isnull=True
        )
        resumed = 0
        for need_id in unfinished.values_list("pk", flat=True):
            send_notification_batch.enqueue(need_id=need_id)
            resumed += 1
        reminded = notifications.send_reminders()
        asked = outcome.ask_outcomes(today=today)
        self.stdout.write(
            f"Besoins : {resumed} envoi(s) repris, {reminded} rappel(s) envoyé(s), {asked} bilan(s) demandé(s)."
        )
